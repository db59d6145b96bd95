"""The public account (公众号): each callback handled once, followers and their link to residents, automatic
answers, and the staff inbox with WeChat's 48-hour window."""
