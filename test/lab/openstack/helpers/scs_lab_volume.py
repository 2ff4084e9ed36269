# Cinder volume driver for the scs-cert lab: each volume is a sparse file, attached through os-brick's
# "local" connector, so that backup create/restore and image -> volume copies work without LVM or iSCSI.
import os
import subprocess

from cinder.tests.fake_driver import FakeLoggingVolumeDriver
from cinder.volume import volume_utils

VOLUME_DIR = "/var/lib/cinder/lab-volumes"
GIB = 1024**3


class FileVolumeDriver(FakeLoggingVolumeDriver):
    """FakeLoggingVolumeDriver (no storage) plus real sparse files for the data path."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.protocol = "local"

    @staticmethod
    def _path(name):
        return os.path.join(VOLUME_DIR, name)

    def _ensure(self, name, size_gb):
        os.makedirs(VOLUME_DIR, exist_ok=True)
        path = self._path(name)
        with open(path, "ab") as f:
            if f.tell() < size_gb * GIB:
                f.truncate(size_gb * GIB)
        return path

    def _copy(self, src, dst, size_gb):
        subprocess.run(["cp", "--sparse=always", self._path(src), self._path(dst)], check=True)
        self._ensure(dst, size_gb)

    def _remove(self, name):
        try:
            os.unlink(self._path(name))
        except FileNotFoundError:
            pass

    def local_path(self, volume, vg=None):
        return self._path(volume.name)

    def create_volume(self, volume):
        update = super().create_volume(volume)
        self._ensure(volume.name, volume.size)
        return update

    def create_cloned_volume(self, volume, src_vref):
        self._copy(src_vref.name, volume.name, volume.size)

    def create_volume_from_snapshot(self, volume, snapshot):
        self._copy(snapshot.name, volume.name, volume.size)

    def create_snapshot(self, snapshot):
        self._copy(snapshot.volume_name, snapshot.name, snapshot.volume_size)

    def delete_snapshot(self, snapshot):
        self._remove(snapshot.name)

    def delete_volume(self, volume):
        self._remove(volume.name)

    def extend_volume(self, volume, new_size):
        self._ensure(volume.name, new_size)

    def initialize_connection(self, volume, connector):
        path = self._ensure(volume.name, volume.size)
        return {"driver_volume_type": "local", "data": {"device_path": path, "access_mode": "rw"}}

    def initialize_connection_snapshot(self, snapshot, connector):
        return {"driver_volume_type": "local", "data": {"device_path": self._path(snapshot.name), "access_mode": "ro"}}

    def copy_image_to_volume(self, context, volume, image_service, image_id):
        # Raw copy of the image bytes (no qemu-img here): enough for the lab's raw images.
        path = self._ensure(volume.name, volume.size)
        with open(path, "r+b") as f:
            image_service.download(context, image_id, f)

    def copy_volume_to_image(self, context, volume, image_service, image_meta):
        volume_utils.upload_volume(context, image_service, image_meta, self._path(volume.name), volume)

    def _update_volume_stats(self):
        super()._update_volume_stats()
        self._stats["storage_protocol"] = "local"
