"""HTTP for applications, licences, transfers, staff review and the public tag page."""
