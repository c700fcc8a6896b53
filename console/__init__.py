"""Officers' web console: broadcasts, forwarded questions, reach and satisfaction."""
