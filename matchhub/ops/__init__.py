"""Operations: backup and restore, warm-up, health probes."""
