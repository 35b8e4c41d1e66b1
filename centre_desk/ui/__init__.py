"""The Qt floor of Centre Desk: shows the core, never the other way round."""
