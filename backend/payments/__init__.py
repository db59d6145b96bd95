"""Money, in fen: the fee schedule, orders, trades at WeChat Pay and Alipay settled once from a verified notify or
query, refunds, and the daily reconciliation and statement."""
