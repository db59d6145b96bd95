"""What happens to a licence after it is issued: 年检 (inspections), expiry and renewal reminders, address changes,
transfers (过户), cancellation (注销), and what is under way on a licence."""
