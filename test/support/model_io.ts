/** Saving and loading tfjs-layers models in memory, for the layers, override and Keras tests. */
import type * as tfl from '@tensorflow/tfjs-layers';
import {io} from '@tensorflow/tfjs-core';

/** What `model.save` writes, captured in memory. */
export async function savedArtifacts(model: tfl.LayersModel): Promise<io.ModelArtifacts> {
  let artifacts: io.ModelArtifacts | undefined;
  await model.save(io.withSaveHandler(async saved => {
    artifacts = saved;
    return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}};
  }));
  if (artifacts === undefined) throw new Error('model.save did not call the save handler');
  return artifacts;
}
