"""Law-as-data packs of the rules engine (YAML; see tdkt.rules.engine.packs)."""
