"""Hospital CDC analytics platform: CLI, settings and local stack management."""
