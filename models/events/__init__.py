"""Events and how they come to be: drafts, the guided /log, changes and revisions, photos, approvals."""
