import importlib.metadata
import os

for name in ("demo-lib", "dep-one", "speedup"):
    print(name, importlib.metadata.version(name))
print("GREETING", os.environ.get("GREETING"))
