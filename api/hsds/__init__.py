"""The Open Referral HSDS 3.0 REST API (``api.hsds.router``), mounted under ``/hsds``."""
