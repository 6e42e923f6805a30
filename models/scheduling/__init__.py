"""Scheduled work's data: digest subscriptions and deliveries, reminders, the publicity calendar."""
