"""HTTP for what staff see across features: the workbench counts and the licence search with its trail."""
