"""HTTP for administration (系统) and finance (财务): staff accounts, the audit log, reference data, the fee
schedule, statements, orders and refunds."""
