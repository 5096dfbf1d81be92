"""The bottom layer every other package may use: settings, logging, Slack text (mrkdwn). Imports nothing of pyfw's."""
