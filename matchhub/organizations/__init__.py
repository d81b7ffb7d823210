"""Organizations: registration, members and invitations, verification and quotas."""
