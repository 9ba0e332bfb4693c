"""Notifications: findings, confirmations and overdue orders told to people where they are
(a JSON webhook, 企业微信, 钉钉 and 飞书 robots), queued in the database and sent by a background
sender in the service with retries, backoff and a dead-letter list."""
