"""The district: areas and the tree, members, invites, permissions and the audit log."""
