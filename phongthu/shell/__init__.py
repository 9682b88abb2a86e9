"""The app shell: pages that gather every app (home, unit switcher, audit log). May import any app."""
