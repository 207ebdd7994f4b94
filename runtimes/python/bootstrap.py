"""Starts cloudlet's Python runtime client (cloudlet_runtime.py, beside this
file, which is sys.path[0] when Python runs this script)."""
import cloudlet_runtime

cloudlet_runtime.main()
