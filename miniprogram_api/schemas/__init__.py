"""Request-only and response models for the API. Request bodies that services take come from backend.inputs."""
