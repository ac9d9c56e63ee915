// The maintained list of AI, LLM and ML software this domain cares about: LLM frameworks, inference
// servers, model hubs, vector stores, notebooks and ML platforms, each with its category, its usual
// ecosystem and the other names CVE records, CPEs and SBOMs give it. A CVE is AI-relevant when one of its
// affected packages or products is on the list (the reason names the entry and the field that matched);
// the list also turns a bare stack entry ("pytorch") into a package identity (pkg:pypi/torch).
type AiCategory = 'llm_framework' | 'inference_server' | 'model_hub' | 'vector_store' | 'notebook' | 'ml_platform' | 'ml_library' | 'ai_app';

export interface AiProduct {
  /** The package name, normalized (lowercase, runs of -_. as one -). */
  name: string;
  category: AiCategory;
  /** OSV ecosystem name, or null for software not shipped as a package (a server binary, an image). */
  ecosystem: 'PyPI' | 'npm' | 'Go' | 'crates.io' | null;
  /** Other names: CVE 5 products ("huggingface/transformers"), CPE products, common spellings. */
  aliases?: readonly string[];
}

const P = (name: string, category: AiCategory, ecosystem: AiProduct['ecosystem'], aliases: string[] = []): AiProduct => ({ name, category, ecosystem, aliases });

export const AI_PRODUCTS: readonly AiProduct[] = [
  // LLM frameworks and agent toolkits
  P('langchain', 'llm_framework', 'PyPI', ['langchain-ai/langchain', 'hwchase17/langchain']),
  P('langchain-core', 'llm_framework', 'PyPI'),
  P('langchain-community', 'llm_framework', 'PyPI'),
  P('langchain-experimental', 'llm_framework', 'PyPI'),
  P('langchainjs', 'llm_framework', 'npm', ['@langchain/core', 'langchain-js']),
  P('langflow', 'llm_framework', 'PyPI', ['langflow-ai/langflow']),
  P('llama-index', 'llm_framework', 'PyPI', ['llama_index', 'run-llama/llama_index', 'llamaindex', 'llama-index-core']),
  P('haystack-ai', 'llm_framework', 'PyPI', ['haystack', 'farm-haystack', 'deepset-ai/haystack']),
  P('semantic-kernel', 'llm_framework', 'PyPI', ['microsoft/semantic-kernel']),
  P('autogen', 'llm_framework', 'PyPI', ['pyautogen', 'microsoft/autogen']),
  P('crewai', 'llm_framework', 'PyPI'),
  P('dspy', 'llm_framework', 'PyPI', ['dspy-ai']),
  P('litellm', 'llm_framework', 'PyPI', ['berriai/litellm']),
  P('openai', 'llm_framework', 'PyPI', ['openai-python']),
  P('anthropic', 'llm_framework', 'PyPI'),
  P('guidance', 'llm_framework', 'PyPI'),
  P('flowise', 'llm_framework', 'npm', ['flowiseai/flowise', 'flowise-ai']),
  P('dify', 'llm_framework', null, ['langgenius/dify']),
  P('anything-llm', 'ai_app', null, ['mintplex-labs/anything-llm', 'anythingllm']),
  P('open-webui', 'ai_app', 'PyPI', ['open-webui/open-webui']),
  P('lobe-chat', 'ai_app', 'npm', ['lobehub/lobe-chat']),
  P('gpt-researcher', 'ai_app', 'PyPI'),
  P('modelcontextprotocol-sdk', 'llm_framework', 'npm', ['@modelcontextprotocol/sdk', 'mcp']),
  // Inference servers and runtimes
  P('ollama', 'inference_server', null, ['ollama/ollama']),
  P('vllm', 'inference_server', 'PyPI', ['vllm-project/vllm']),
  P('torchserve', 'inference_server', 'PyPI', ['pytorch/serve', 'serve']),
  P('text-generation-inference', 'inference_server', null, ['huggingface/text-generation-inference', 'tgi']),
  P('triton-inference-server', 'inference_server', null, ['tritonserver', 'nvidia/triton-inference-server', 'triton_inference_server']),
  P('llama-cpp-python', 'inference_server', 'PyPI', ['abetlen/llama-cpp-python']),
  P('llama-cpp', 'inference_server', null, ['ggerganov/llama.cpp', 'llama.cpp', 'ggml-org/llama.cpp']),
  P('localai', 'inference_server', 'Go', ['mudler/localai', 'go-skynet/localai']),
  P('bentoml', 'inference_server', 'PyPI', ['bentoml/bentoml']),
  P('ray', 'ml_platform', 'PyPI', ['ray-project/ray', 'anyscale/ray']),
  P('onnxruntime', 'inference_server', 'PyPI', ['microsoft/onnxruntime']),
  P('tensorflow-serving', 'inference_server', null, ['tensorflow/serving']),
  // Model hubs and model formats
  P('transformers', 'model_hub', 'PyPI', ['huggingface/transformers']),
  P('huggingface-hub', 'model_hub', 'PyPI', ['huggingface/huggingface_hub']),
  P('diffusers', 'model_hub', 'PyPI', ['huggingface/diffusers']),
  P('safetensors', 'model_hub', 'PyPI'),
  P('sentence-transformers', 'model_hub', 'PyPI'),
  P('onnx', 'model_hub', 'PyPI', ['onnx/onnx']),
  // Vector stores
  P('chromadb', 'vector_store', 'PyPI', ['chroma', 'chroma-core/chroma']),
  P('qdrant', 'vector_store', null, ['qdrant/qdrant', 'qdrant-client']),
  P('weaviate', 'vector_store', 'Go', ['weaviate/weaviate']),
  P('milvus', 'vector_store', 'Go', ['milvus-io/milvus', 'pymilvus']),
  P('pinecone-client', 'vector_store', 'PyPI', ['pinecone']),
  P('faiss', 'vector_store', null, ['faiss-cpu', 'facebookresearch/faiss']),
  P('pgvector', 'vector_store', null),
  P('lancedb', 'vector_store', 'PyPI'),
  // Notebooks and apps around models
  P('jupyterlab', 'notebook', 'PyPI', ['jupyter/jupyterlab']),
  P('notebook', 'notebook', 'PyPI', ['jupyter/notebook']),
  P('jupyter-server', 'notebook', 'PyPI', ['jupyter_server']),
  P('gradio', 'notebook', 'PyPI', ['gradio-app/gradio']),
  P('streamlit', 'notebook', 'PyPI', ['streamlit/streamlit']),
  // ML platforms and libraries
  P('mlflow', 'ml_platform', 'PyPI', ['mlflow/mlflow']),
  P('kubeflow', 'ml_platform', null, ['kubeflow/kubeflow']),
  P('clearml', 'ml_platform', 'PyPI', ['allegroai/clearml']),
  P('wandb', 'ml_platform', 'PyPI'),
  P('h2o', 'ml_platform', 'PyPI', ['h2oai/h2o-3', 'h2o-3']),
  P('zenml', 'ml_platform', 'PyPI'),
  P('torch', 'ml_library', 'PyPI', ['pytorch', 'pytorch/pytorch']),
  P('tensorflow', 'ml_library', 'PyPI', ['tensorflow/tensorflow']),
  P('keras', 'ml_library', 'PyPI', ['keras-team/keras']),
  P('scikit-learn', 'ml_library', 'PyPI', ['sklearn', 'scikit-learn/scikit-learn']),
  P('xgboost', 'ml_library', 'PyPI'),
  P('jax', 'ml_library', 'PyPI', ['google/jax']),
  P('paddlepaddle', 'ml_library', 'PyPI', ['paddle']),
];

/** PEP 503 style: lowercase, runs of -, _ and . as one -. */
export function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/[-_.]+/g, '-');
}

const byName = new Map<string, AiProduct>();
for (const p of AI_PRODUCTS) {
  byName.set(p.name, p);
  for (const a of p.aliases ?? []) if (!byName.has(normalizeName(a))) byName.set(normalizeName(a), p);
}

/** The AI product a package, product or technology name stands for (by its name or an alias). */
export function aiProduct(name: string | null | undefined): AiProduct | null {
  if (!name) return null;
  const n = normalizeName(name);
  return byName.get(n) ?? null;
}

/**
 * The package identity a CVE record's vendor and product name, or a stack entry's technology, stands for:
 * the catalogue's name when the name (or vendor/product) is one of its aliases, else the name normalized,
 * with the last path segment of "vendor/product" names (huntr's style) taken.
 */
export function packageKey(product: string, vendor?: string | null): string {
  const full = vendor && !product.includes('/') ? `${vendor}/${product}` : product;
  const known = aiProduct(full) ?? aiProduct(product);
  if (known) return known.name;
  const last = product.includes('/') ? product.slice(product.lastIndexOf('/') + 1) : product;
  return normalizeName(aiProduct(last)?.name ?? last);
}
