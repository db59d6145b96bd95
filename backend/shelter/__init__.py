"""The shelter (留检所): kennels, intake, medical entries and the dog's record; open days with slots and bookings;
adoption from application to hand-over."""
