"""Live engines: the capture runtime, the Docker API client, managed engines, the case-to-API mapping."""
