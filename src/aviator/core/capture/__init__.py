"""Screen sources and the regions read on them."""
