"""Messages from the workers, the in-process EventBus and the SharedGameState."""
