"""Orchestration: the ProcessManager, the BookmakerWorker processes and the main-process hub."""
