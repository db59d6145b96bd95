"""Who is acting: residents (WeChat logins, tokens, logout and revoke-all), staff (accounts, console sessions, the
lock-out guard) and the recorded reveal of personal data."""
