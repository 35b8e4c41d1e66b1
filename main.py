"""Centre Desk entry point: see centre_desk.app."""
from centre_desk.app import main

if __name__ == "__main__":
    raise SystemExit(main())
