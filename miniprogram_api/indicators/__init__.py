"""HTTP for the city dashboard (数据看板, 数据大屏): indicator panels and their export."""
