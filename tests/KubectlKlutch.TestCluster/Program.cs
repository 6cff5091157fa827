// Placeholder entry point; the sandbox command (serve a scenario until Ctrl-C) replaces it.
return 0;
