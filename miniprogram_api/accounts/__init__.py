"""HTTP for residents' logins and profile, personal-data requests, staff sign-in (bearer and console cookie) and staff
accounts."""
