"""Administration (系统, issue 16): what the admin reads across features — the reference data and keeping rules
as they stand, with what each zone charges. Staff accounts are changed in `backend.accounts.staff_accounts`, the
audit log is searched in `backend.audit.trail`."""
