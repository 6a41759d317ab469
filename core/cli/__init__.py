"""The command line: `main.py estimate` predicts, `main.py probe` measures on this machine's GPU."""
