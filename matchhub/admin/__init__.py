"""Administration (/admin): staff accounts, the ward's vocabulary and map, the audit log, mail."""
