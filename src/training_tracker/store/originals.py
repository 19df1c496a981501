"""Original activity files, kept beside the sessions they made: the blob port and its two
adapters (a folder for the embedded engine, an S3 bucket when `ORIGINALS_BUCKET` is set).

Blobs are content-addressed per athlete: `<athlete>/<sha256 of the decompressed bytes>`.
The legs of a multisport file share one blob; the caller deletes it once no session of
the athlete refers to it. Never stored in table items (they are capped at 400 KB)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from botocore.exceptions import BotoCoreError, ClientError

from training_tracker.errors import StoreUnavailableError

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_s3.type_defs import ObjectIdentifierTypeDef

_DIGEST = re.compile(r"[0-9a-f]{64}")
_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,128}")


@dataclass(frozen=True)
class Original:
    data: bytes
    content_type: str


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _folder(athlete_id: str) -> str:
    """The athlete's part of a blob name: the id itself when it is path-safe, else a hash."""
    if _SAFE_ID.fullmatch(athlete_id):
        return athlete_id
    return "h-" + hashlib.sha256(athlete_id.encode()).hexdigest()[:40]


def _checked(digest: str) -> str:
    if not _DIGEST.fullmatch(digest):
        raise ValueError("an original is addressed by a lowercase SHA-256 hex digest")
    return digest


class Originals(Protocol):
    def put(self, athlete_id: str, data: bytes, content_type: str) -> str:
        """Stores the bytes (a no-op when already there); returns their digest."""
        ...

    def get(self, athlete_id: str, digest: str) -> Original | None: ...

    def delete(self, athlete_id: str, digest: str) -> None: ...

    def delete_athlete(self, athlete_id: str) -> None: ...

    def describe(self) -> str: ...


class FolderOriginals:
    """One file per blob plus a `.type` file with its content type; written to a temporary
    name and renamed, so a reader never sees half a file."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, athlete_id: str, digest: str) -> Path:
        return self.root / _folder(athlete_id) / _checked(digest)

    def put(self, athlete_id: str, data: bytes, content_type: str) -> str:
        digest = digest_of(data)
        path = self._path(athlete_id, digest)
        if path.exists():
            return digest
        path.parent.mkdir(parents=True, exist_ok=True)
        for target, content in ((path.with_suffix(".type"), content_type.encode()), (path, data)):
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(content)
                os.replace(temporary, target)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        return digest

    def get(self, athlete_id: str, digest: str) -> Original | None:
        path = self._path(athlete_id, digest)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            content_type = path.with_suffix(".type").read_text()
        except FileNotFoundError:
            content_type = "application/octet-stream"
        return Original(data, content_type)

    def delete(self, athlete_id: str, digest: str) -> None:
        path = self._path(athlete_id, digest)
        path.unlink(missing_ok=True)
        path.with_suffix(".type").unlink(missing_ok=True)

    def delete_athlete(self, athlete_id: str) -> None:
        shutil.rmtree(self.root / _folder(athlete_id), ignore_errors=True)

    def describe(self) -> str:
        return f"folder {self.root}"


class S3Originals:
    """One object per blob, its content type as the object's Content-Type."""

    def __init__(self, client: S3Client, bucket: str) -> None:
        self.client = client
        self.bucket = bucket

    def _key(self, athlete_id: str, digest: str) -> str:
        return f"originals/{_folder(athlete_id)}/{_checked(digest)}"

    def put(self, athlete_id: str, data: bytes, content_type: str) -> str:
        digest = digest_of(data)
        try:
            self.client.put_object(
                Bucket=self.bucket,
                Key=self._key(athlete_id, digest),
                Body=data,
                ContentType=content_type,
                ChecksumAlgorithm="SHA256",
            )
        except (BotoCoreError, ClientError) as error:
            raise StoreUnavailableError(f"original files cannot be written: {error}") from error
        return digest

    def get(self, athlete_id: str, digest: str) -> Original | None:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._key(athlete_id, digest))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                return None
            raise StoreUnavailableError(f"original files cannot be read: {error}") from error
        except BotoCoreError as error:
            raise StoreUnavailableError(f"original files cannot be read: {error}") from error
        body = answer["Body"]
        try:
            return Original(body.read(), answer.get("ContentType") or "application/octet-stream")
        finally:
            body.close()

    def delete(self, athlete_id: str, digest: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self._key(athlete_id, digest))
        except (BotoCoreError, ClientError) as error:
            raise StoreUnavailableError(f"original files cannot be deleted: {error}") from error

    def delete_athlete(self, athlete_id: str) -> None:
        prefix = f"originals/{_folder(athlete_id)}/"
        try:
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=prefix
            )
            for page in pages:
                keys: list[ObjectIdentifierTypeDef] = [
                    {"Key": o["Key"]} for o in page.get("Contents", []) if "Key" in o
                ]
                if keys:
                    self.client.delete_objects(
                        Bucket=self.bucket, Delete={"Objects": keys, "Quiet": True}
                    )
        except (BotoCoreError, ClientError) as error:
            raise StoreUnavailableError(f"original files cannot be deleted: {error}") from error

    def describe(self) -> str:
        return f"S3 bucket {self.bucket}"
