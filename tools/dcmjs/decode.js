#!/usr/bin/env node
// Decodes myoscreen's result objects the way the OHIF viewer does, with dcmjs, and prints JSON.
//
//   node decode.js seg SEG_FILE SOURCE_DIR [SERIES_UID]
//                                            the SEG through dcmjs's Cornerstone segmentation adapter
//                                            (generateToolState: the loader of OHIF's SEG extension),
//                                            against the images of one source series in SOURCE_DIR (any
//                                            depth): SERIES_UID, by default the first referenced series
//                                            (the display set OHIF loads a SEG onto)
//   node decode.js parse FILE...              each file through DicomMessage.readFile + naturalizeDataset
//
// Why this adapter: OHIF 3 loads SEGs through @cornerstonejs/adapters (Cornerstone3D), whose loader
// takes its frame-to-image matching (findReferenceSourceImageId, orientation checks, bit unpacking)
// from the same Cornerstone Segmentation_4X code that dcmjs ships as adapters.Cornerstone; running it
// here needs no browser, no WebGL and no Cornerstone core.
//
// Exit status 0 with JSON on stdout; any parse or adapter error exits 1 with the error on stderr.
"use strict";

const fs = require("fs");
const path = require("path");
const dcmjs = require("dcmjs");

const { DicomMessage, DicomMetaDictionary, BitArray } = dcmjs.data;

function readDataset(file) {
  const buf = fs.readFileSync(file);
  const arrayBuffer = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  const dicom = DicomMessage.readFile(arrayBuffer);
  const dataset = DicomMetaDictionary.naturalizeDataset(dicom.dict);
  dataset._meta = DicomMetaDictionary.namifyDataset(dicom.meta);
  return { arrayBuffer, dataset };
}

function first(v) {
  return Array.isArray(v) ? v[0] : v;
}

function listFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      out.push(...listFiles(p));
    } else if (e.isFile()) {
      out.push(p);
    }
  }
  return out.sort();
}

function cross(a, b) {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function dot(a, b) {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

// A Cornerstone metadata provider over naturalized source datasets, keyed by imageId: what the
// viewer's own provider answers for the modules the SEG adapter asks for.
function metadataProvider(byImageId) {
  return {
    get(type, imageId) {
      const ds = byImageId.get(imageId);
      if (!ds) {
        return undefined;
      }
      const iop = ds.ImageOrientationPatient.map(Number);
      switch (type) {
        case "imagePlaneModule":
          return {
            rows: ds.Rows,
            columns: ds.Columns,
            rowCosines: iop.slice(0, 3),
            columnCosines: iop.slice(3, 6),
            imagePositionPatient: ds.ImagePositionPatient.map(Number),
            pixelSpacing: ds.PixelSpacing.map(Number),
            frameOfReferenceUID: ds.FrameOfReferenceUID,
          };
        case "generalSeriesModule":
          return { seriesInstanceUID: ds.SeriesInstanceUID, modality: ds.Modality };
        case "sopCommonModule":
          return { sopInstanceUID: ds.SOPInstanceUID, sopClassUID: ds.SOPClassUID };
        case "imagePixelModule":
          return { rows: ds.Rows, columns: ds.Columns };
        case "instance":
          return ds;
        default:
          return undefined;
      }
    },
  };
}

function decodeSeg(segFile, sourceDir, seriesUid) {
  const { arrayBuffer, dataset: seg } = readDataset(segFile);
  const referencedSeries = seriesUid || first(seg.ReferencedSeriesSequence).SeriesInstanceUID;

  // The referenced display set: the source series' images, sorted along the slice normal as a
  // viewer stacks them.
  const byImageId = new Map();
  for (const f of listFiles(sourceDir)) {
    let ds;
    try {
      ds = readDataset(f).dataset;
    } catch (e) {
      continue; // not a DICOM file
    }
    if (ds.SeriesInstanceUID === referencedSeries) {
      byImageId.set("dicomfile:" + f, ds);
    }
  }
  if (byImageId.size === 0) {
    throw new Error("no source image of series " + referencedSeries + " under " + sourceDir);
  }
  const firstDs = byImageId.values().next().value;
  const iop0 = firstDs.ImageOrientationPatient.map(Number);
  const normal = cross(iop0.slice(0, 3), iop0.slice(3, 6));
  const imageIds = [...byImageId.keys()].sort(
    (a, b) => dot(byImageId.get(a).ImagePositionPatient.map(Number), normal)
      - dot(byImageId.get(b).ImagePositionPatient.map(Number), normal));
  const provider = metadataProvider(byImageId);

  const state = dcmjs.adapters.Cornerstone.Segmentation.generateToolState(imageIds, arrayBuffer, provider, false,
    1e-3, 4);
  if (!state) {
    throw new Error("generateToolState returned nothing");
  }
  const rows = seg.Rows;
  const columns = seg.Columns;
  const sliceLength = rows * columns;

  // Segment number -> world sums and counts, in all and per source image, from the labelmaps the
  // viewer paints (by the frames' references, or by position where a reference is not in the stack).
  const segments = new Map();
  for (const s of seg.SegmentSequence) {
    segments.set(s.SegmentNumber, {
      number: s.SegmentNumber,
      label: s.SegmentLabel,
      pixelCount: 0,
      sum: [0, 0, 0],
      images: new Map(),
      frames: [],
    });
  }
  const labelmaps = state.labelmapBufferArray.map((b) => new Uint16Array(b));
  imageIds.forEach((imageId, k) => {
    const ds = byImageId.get(imageId);
    const ipp = ds.ImagePositionPatient.map(Number);
    const iop = ds.ImageOrientationPatient.map(Number);
    const spacing = ds.PixelSpacing.map(Number); // row spacing (between rows), column spacing
    for (const lm of labelmaps) {
      for (let j = 0; j < sliceLength; j++) {
        const s = lm[k * sliceLength + j];
        if (s === 0) {
          continue;
        }
        const r = Math.floor(j / columns);
        const c = j % columns;
        const acc = segments.get(s);
        acc.pixelCount++;
        const sop = ds.SOPInstanceUID;
        const onImage = acc.images.get(sop) || { sopInstanceUid: sop, pixelCount: 0, sumLps: [0, 0, 0] };
        acc.images.set(sop, onImage);
        onImage.pixelCount++;
        for (let a = 0; a < 3; a++) {
          const w = ipp[a] + c * spacing[1] * iop[a] + r * spacing[0] * iop[3 + a];
          acc.sum[a] += w;
          onImage.sumLps[a] += w;
        }
      }
    }
  });

  // Each SEG frame: the source instance its reference names, that instance's geometry, and how
  // many of the frame's pixels the viewer painted on that instance.
  const unpacked = BitArray.unpack(first(seg.PixelData));
  const bySop = new Map();
  imageIds.forEach((id, k) => bySop.set(byImageId.get(id).SOPInstanceUID, k));
  const shared = first(seg.SharedFunctionalGroupsSequence) || {};
  const perFrame = Array.isArray(seg.PerFrameFunctionalGroupsSequence)
    ? seg.PerFrameFunctionalGroupsSequence : [seg.PerFrameFunctionalGroupsSequence];
  perFrame.forEach((g, i) => {
    const number = first(g.SegmentIdentificationSequence).ReferencedSegmentNumber;
    const source = first(first(g.DerivationImageSequence).SourceImageSequence);
    const referenced = source.ReferencedSOPInstanceUID;
    const k = bySop.get(referenced);
    const orientation = first(g.PlaneOrientationSequence || shared.PlaneOrientationSequence);
    let rawCount = 0;
    let paintedCount = 0;
    for (let j = 0; j < sliceLength; j++) {
      if (unpacked[i * sliceLength + j]) {
        rawCount++;
        if (k !== undefined && labelmaps.some((lm) => lm[k * sliceLength + j] === number)) {
          paintedCount++;
        }
      }
    }
    const src = k === undefined ? undefined : byImageId.get(imageIds[k]);
    segments.get(number).frames.push({
      frame: i + 1,
      referencedSopInstanceUid: referenced,
      sourceFound: src !== undefined,
      segImagePositionPatient: first(g.PlanePositionSequence).ImagePositionPatient.map(Number),
      segImageOrientationPatient: orientation.ImageOrientationPatient.map(Number),
      sourceImagePositionPatient: src ? src.ImagePositionPatient.map(Number) : [],
      sourceImageOrientationPatient: src ? src.ImageOrientationPatient.map(Number) : [],
      segmentsOnSourceImage: k === undefined ? [] : (state.segmentsOnFrame[k] || []),
      pixelCount: rawCount,
      paintedPixelCount: paintedCount,
    });
  });

  return {
    dcmjsAdapter: "adapters.Cornerstone.Segmentation.generateToolState",
    sourceImages: imageIds.length,
    labelmaps: labelmaps.length,
    frames: perFrame.length,
    segments: [...segments.values()].map((s) => ({
      number: s.number,
      label: s.label,
      pixelCount: s.pixelCount,
      centroidLps: s.pixelCount ? s.sum.map((v) => v / s.pixelCount) : [],
      paintedImages: [...s.images.values()],
      frames: s.frames,
    })),
  };
}

function parse(files) {
  return files.map((f) => {
    const ds = readDataset(f).dataset;
    const summary = {
      file: f,
      sopClassUid: ds.SOPClassUID,
      sopInstanceUid: ds.SOPInstanceUID,
      studyInstanceUid: ds.StudyInstanceUID,
      seriesInstanceUid: ds.SeriesInstanceUID,
      modality: ds.Modality,
    };
    if (ds.ContentSequence) {
      const template = first(ds.ContentTemplateSequence);
      summary.templateIdentifier = template ? template.TemplateIdentifier : undefined;
      summary.conceptName = first(ds.ConceptNameCodeSequence).CodeMeaning;
      let items = 0;
      const images = [];
      const walk = (seq) => {
        for (const item of Array.isArray(seq) ? seq : [seq]) {
          items++;
          if (item.ValueType === "IMAGE" && !item.ConceptNameCodeSequence) {
            images.push(first(item.ReferencedSOPSequence).ReferencedSOPInstanceUID); // Image Library entry
          }
          if (item.ContentSequence) {
            walk(item.ContentSequence);
          }
        }
      };
      walk(ds.ContentSequence);
      summary.contentItems = items;
      summary.imageLibrarySopInstanceUids = images;
    }
    if (ds.PixelData) {
      summary.rows = ds.Rows;
      summary.columns = ds.Columns;
      summary.samplesPerPixel = ds.SamplesPerPixel;
      summary.pixelDataBytes = first(ds.PixelData).byteLength;
    }
    return summary;
  });
}

function main(argv) {
  const [mode, ...rest] = argv;
  if (mode === "seg" && (rest.length === 2 || rest.length === 3)) {
    return decodeSeg(rest[0], rest[1], rest[2]);
  }
  if (mode === "parse" && rest.length > 0) {
    return parse(rest);
  }
  throw new Error("usage: decode.js seg SEG_FILE SOURCE_DIR [SERIES_UID] | decode.js parse FILE...");
}

try {
  process.stdout.write(JSON.stringify(main(process.argv.slice(2)), null, 1) + "\n");
} catch (e) {
  process.stderr.write("decode.js: " + (e && e.stack ? e.stack : e) + "\n");
  process.exit(1);
}
