import os

print("exporting to", os.environ["EXPORT_BUCKET"], "as", os.environ["EXPORT_FORMAT"])
