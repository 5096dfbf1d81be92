"""The fault suite: the accidents a deployment meets, caused for real on real processes (see README, Faults)."""
