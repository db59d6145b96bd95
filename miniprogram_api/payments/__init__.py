"""HTTP for orders, paying and gateway notifies."""
