"""The cross-institution client workflow: clients, bases of sharing, referrals, plans, statistics, erasure."""
