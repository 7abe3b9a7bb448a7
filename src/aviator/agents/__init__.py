"""The betting side: StrategyExecutor, BettingAgent, protections and the ledger, executors."""
