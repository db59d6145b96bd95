"""Dogs out in the city: lost and found reports and their matching, the tag relay between finder and owner, stray
reports with dispatch and capture, and the hotspot grid."""
