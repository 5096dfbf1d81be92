"""pyfw's shared pieces: the settings read from the environment, the CLI, and the local process runner."""
