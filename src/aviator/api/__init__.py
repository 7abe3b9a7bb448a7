"""Remote access to a running collector, all in its main process: MQTT events out to a broker
(mqtt_bridge), Prometheus metrics (metrics), and the REST/WebSocket API with its dashboard.

Nothing here is imported by a worker process, and nothing here is in the collection path: each
part reads the EventBus and SharedGameState, so a slow or absent client costs events, never rounds.
The heavy packages (paho-mqtt, prometheus_client) are imported by their own modules only, which
the commands load when asked to (`--mqtt`), never at start-up.
"""
