import type { NewPhoto } from '../../db/inspection';

/** A photo file larger than this is refused before it is read: a phone photo is 2–8 MB. */
export const MAX_PHOTO_FILE_BYTES = 25 * 1024 * 1024;
/** Stored photos are scaled to this on their long side: a crack or a serial plate stays legible. */
export const PHOTO_LONG_SIDE = 1600;
export const THUMBNAIL_LONG_SIDE = 160;
export const MAX_PHOTOS_PER_UNIT = 8;

export class PhotoError extends Error {}

async function scaled(source: CanvasImageSource & { width: number; height: number }, longSide: number, quality: number): Promise<Blob> {
  const ratio = Math.min(1, longSide / Math.max(source.width, source.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(source.width * ratio));
  canvas.height = Math.max(1, Math.round(source.height * ratio));
  canvas.getContext('2d')!.drawImage(source, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
  if (!blob) throw new PhotoError('This station could not store the photo: try again.');
  return blob;
}

/** The file as a picture this station can draw, or a refusal naming what is wrong with it. */
async function bitmapOf(file: Blob, name: string): Promise<ImageBitmap> {
  if (file.size === 0) throw new PhotoError(`${name} is empty.`);
  if (file.size > MAX_PHOTO_FILE_BYTES) throw new PhotoError(`${name} is ${(file.size / 1048576).toFixed(1)} MB; a photo may be at most ${MAX_PHOTO_FILE_BYTES / 1048576} MB.`);
  if (file.type && !file.type.startsWith('image/')) throw new PhotoError(`${name} is not an image (${file.type}).`);
  try {
    return await createImageBitmap(file);
  } catch {
    throw new PhotoError(`${name} is not an image this station can read (JPEG, PNG or WebP).`);
  }
}

/**
 * A photo as the station keeps it: JPEG, at most 1600 px on its long side (size-capped whatever
 * the camera made), and a thumbnail for lists. Anything that is not a readable image is refused.
 */
export async function preparePhoto(file: Blob, name = 'the file'): Promise<NewPhoto> {
  const bitmap = await bitmapOf(file, name);
  try {
    return { type: 'image/jpeg', blob: await scaled(bitmap, PHOTO_LONG_SIDE, 0.85), thumbnail: await scaled(bitmap, THUMBNAIL_LONG_SIDE, 0.7) };
  } finally {
    bitmap.close();
  }
}

/** The list-size copy of a photo kept as it came (one fetched from the server, already stored size). */
export async function thumbnailOf(photo: Blob, name: string): Promise<Blob> {
  const bitmap = await bitmapOf(photo, name);
  try {
    return await scaled(bitmap, THUMBNAIL_LONG_SIDE, 0.7);
  } finally {
    bitmap.close();
  }
}

/** One frame of a live camera, as a photo. */
export async function photoFromVideo(video: HTMLVideoElement): Promise<NewPhoto> {
  if (!video.videoWidth) throw new PhotoError('The camera has not started yet: wait a moment and take the photo again.');
  const frame = document.createElement('canvas');
  frame.width = video.videoWidth;
  frame.height = video.videoHeight;
  frame.getContext('2d')!.drawImage(video, 0, 0);
  return { type: 'image/jpeg', blob: await scaled(frame, PHOTO_LONG_SIDE, 0.85), thumbnail: await scaled(frame, THUMBNAIL_LONG_SIDE, 0.7) };
}
