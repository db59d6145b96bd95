"""HTTP for the shelter's records, open days, bookings and adoption."""
