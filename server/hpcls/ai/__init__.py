"""On-device AI: engines, model resolution, context, prompts and post-processing."""
