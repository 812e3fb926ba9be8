"""Cuff control: wire protocol, firmware logic, simulated hardware, transports and supervision."""
