<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Band</name>
    <message>
        <location filename="../../gui/views/band.py" line="31"/>
        <source>{low} – {high}</source>
        <translation>{low} – {high}</translation>
    </message>
    <message>
        <location filename="../../gui/views/band.py" line="60"/>
        <source>Convolution workspaces: measured for this GPU and cuDNN version.</source>
        <translation>卷积工作区：已针对此 GPU 和 cuDNN 版本实测。</translation>
    </message>
    <message>
        <location filename="../../gui/views/band.py" line="64"/>
        <source>Convolution workspaces: estimated (nothing measured for this GPU, cuDNN version and shapes); the peak is {peak} with or without them; the verdict and the batch sizes take the high side.</source>
        <translation>卷积工作区：估算（此 GPU、cuDNN 版本和形状没有实测数据）；无论有没有工作区，峰值都是 {peak}；结论和批大小都按高估计算。</translation>
    </message>
    <message>
        <location filename="../../gui/views/band.py" line="68"/>
        <source>Convolution workspaces: estimated (nothing measured for this GPU, cuDNN version and shapes): the peak is between {low} and {high} (hatched); the verdict and the batch sizes take the high side.</source>
        <translation>卷积工作区：估算（此 GPU、cuDNN 版本和形状没有实测数据）：峰值在 {low} 与 {high} 之间（斜线部分）；结论和批量大小都按高值计算。</translation>
    </message>
</context>
<context>
    <name>BusyIndicator</name>
    <message>
        <location filename="../../gui/views/busy.py" line="41"/>
        <source>the layer list</source>
        <translation>层列表</translation>
    </message>
    <message>
        <location filename="../../gui/views/busy.py" line="52"/>
        <source>Starting PyTorch, then tracing {model}…</source>
        <translation>正在启动 PyTorch，然后追踪 {model}…</translation>
    </message>
    <message>
        <location filename="../../gui/views/busy.py" line="54"/>
        <source>Tracing {model}…</source>
        <translation>正在追踪 {model}…</translation>
    </message>
    <message>
        <location filename="../../gui/views/busy.py" line="55"/>
        <source>Estimating…</source>
        <translation>正在估算…</translation>
    </message>
    <message>
        <location filename="../../gui/views/busy.py" line="61"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gui/views/busy.py" line="62"/>
        <source>Stop this trace (a model file that never returns): the estimate process is restarted</source>
        <translation>停止这次追踪（模型文件一直不返回时）：估算进程会重新启动</translation>
    </message>
</context>
<context>
    <name>Choice</name>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="137"/>
        <source>int64 (token ids)</source>
        <translation>int64（词元 ID）</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="138"/>
        <source>int32 (token ids)</source>
        <translation>int32（词元 ID）</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="150"/>
        <source>a class per sample</source>
        <translation>每个样本一个类别</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="151"/>
        <source>a class per token</source>
        <translation>每个词元一个类别</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="158"/>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="159"/>
        <source>inference (forward only)</source>
        <translation>推理（只有前向传播）</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="238"/>
        <source>one GPU</source>
        <translation>单个 GPU</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="239"/>
        <source>DDP: every GPU holds the model</source>
        <translation>DDP：每个 GPU 都有完整模型</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="240"/>
        <source>FSDP: the model sharded</source>
        <translation>FSDP：模型分片</translation>
    </message>
</context>
<context>
    <name>ComparisonPanel</name>
    <message>
        <location filename="../../gui/measure/comparison.py" line="62"/>
        <source>Peak in {phase} {i}</source>
        <translation>{phase} {i} 中的峰值</translation>
    </message>
    <message>
        <location filename="../../gui/measure/comparison.py" line="63"/>
        <source>Peak allocated</source>
        <translation>已分配峰值</translation>
    </message>
    <message>
        <location filename="../../gui/measure/comparison.py" line="63"/>
        <source>Peak reserved</source>
        <translation>已保留峰值</translation>
    </message>
    <message>
        <location filename="../../gui/measure/comparison.py" line="64"/>
        <source>CUDA context</source>
        <translation>CUDA 上下文</translation>
    </message>
    <message>
        <location filename="../../gui/measure/comparison.py" line="65"/>
        <source>Device use at peak</source>
        <translation>峰值时的设备占用</translation>
    </message>
    <message>
        <location filename="../../gui/measure/comparison.py" line="69"/>
        <source>not measured or not predicted</source>
        <translation>未测量或未预测</translation>
    </message>
    <message>
        <location filename="../../gui/measure/comparison.py" line="103"/>
        <source>Nothing measured yet. &lt;b&gt;Measure on this GPU&lt;/b&gt; runs the training loop of these settings for three iterations and compares it with the prediction.</source>
        <translation>尚未测量。&lt;b&gt;在此 GPU 上测量&lt;/b&gt;会按当前设置运行三次训练迭代，并与预测进行比较。</translation>
    </message>
    <message>
        <location filename="../../gui/measure/comparison.py" line="106"/>
        <source>calibrated on this machine</source>
        <translation>在本机上校准</translation>
    </message>
    <message>
        <location filename="../../gui/measure/comparison.py" line="107"/>
        <source>catalogue values, measured on a reference GPU</source>
        <translation>目录数值，在参考 GPU 上测得</translation>
    </message>
    <message>
        <location filename="../../gui/measure/comparison.py" line="108"/>
        <source>catalogue estimates</source>
        <translation>目录估计值</translation>
    </message>
    <message>
        <location filename="../../gui/measure/comparison.py" line="110"/>
        <source>&lt;b&gt;Measured&lt;/b&gt; on {device} (torch {torch}), batch {batch}: figures in the &lt;i&gt;Measured&lt;/i&gt; column come from the allocator&apos;s counters. &lt;b&gt;Predicted&lt;/b&gt; figures use runtime costs (workspace, CUDA context) that are {source}.</source>
        <translation>&lt;b&gt;实测&lt;/b&gt;于 {device}（torch {torch}），批大小 {batch}：&lt;i&gt;实测&lt;/i&gt;列的数值来自分配器计数器。&lt;b&gt;预测&lt;/b&gt;数值使用的运行时开销（工作区、CUDA 上下文）为{source}。</translation>
    </message>
    <message>
        <location filename="../../gui/measure/comparison.py" line="121"/>
        <source>Quantity</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../gui/measure/comparison.py" line="121"/>
        <source>Predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <location filename="../../gui/measure/comparison.py" line="121"/>
        <source>Measured</source>
        <translation>实测</translation>
    </message>
    <message>
        <location filename="../../gui/measure/comparison.py" line="122"/>
        <source>Difference</source>
        <translation>差值</translation>
    </message>
    <message>
        <location filename="../../gui/measure/comparison.py" line="122"/>
        <source>Difference %</source>
        <translation>差值 %</translation>
    </message>
</context>
<context>
    <name>ComponentTable</name>
    <message>
        <location filename="../../gui/views/tables.py" line="108"/>
        <source>Peak (sum)</source>
        <translation>峰值（合计）</translation>
    </message>
    <message>
        <location filename="../../gui/views/tables.py" line="88"/>
        <source>Component</source>
        <translation>组成部分</translation>
    </message>
    <message>
        <location filename="../../gui/views/tables.py" line="88"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../gui/views/tables.py" line="88"/>
        <source>Share of peak</source>
        <translation>占峰值比例</translation>
    </message>
    <message>
        <location filename="../../gui/views/tables.py" line="88"/>
        <source>Formula</source>
        <translation>公式</translation>
    </message>
</context>
<context>
    <name>Components</name>
    <message>
        <location filename="../../gui/views/labels.py" line="54"/>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="55"/>
        <source>Gradients</source>
        <translation>梯度</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="56"/>
        <location filename="../../gui/views/labels.py" line="68"/>
        <source>Optimizer state</source>
        <translation>优化器状态</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="57"/>
        <source>Input batch</source>
        <translation>输入批次</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="58"/>
        <location filename="../../gui/views/labels.py" line="70"/>
        <source>Activations</source>
        <translation>激活值</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="59"/>
        <source>Temporaries</source>
        <translation>临时张量</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="60"/>
        <source>cuBLAS workspace</source>
        <translation>cuBLAS 工作区</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="67"/>
        <source>Parameters + gradients</source>
        <translation>参数 + 梯度</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="69"/>
        <source>Data batch</source>
        <translation>数据批次</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="92"/>
        <source>Custom shape</source>
        <translation>自定义形状</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="93"/>
        <source>Image folder</source>
        <translation>图像文件夹</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="104"/>
        <source>after forward (course loop)</source>
        <translation>前向传播之后（课程中的循环）</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="105"/>
        <source>before forward</source>
        <translation>前向传播之前</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="114"/>
        <source>MLP [{hidden}]</source>
        <translation>MLP [{hidden}]</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="116"/>
        <source>course CNN</source>
        <translation>课程 CNN</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="118"/>
        <source>layer list ({n} layers)</source>
        <translation>层列表（{n} 层）</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="129"/>
        <source>{model} · {data} · {dtype} · batch {batch} · {gpu}</source>
        <translation>{model} · {data} · {dtype} · 批大小 {batch} · {gpu}</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="135"/>
        <source>The course estimate adds the four places the course teaches: parameters, gradients, optimizer state, and the data batch with the activations, all counted alive at once and nothing else. The real peak (torch.cuda.max_memory_allocated) differs: it adds the cuBLAS workspace and the temporaries of each kernel and of the optimizer step, rounds every tensor up to 512-byte blocks, and is taken at one moment, when the sum is highest, not when every place is full.</source>
        <translation>课程估算把课程讲的四个地方相加：参数、梯度、优化器状态，以及数据批次与激活值，假设它们同时存在，此外不计其他。真实峰值（torch.cuda.max_memory_allocated）与之不同：它还包括 cuBLAS 工作区、各个内核和优化器更新步骤的临时张量，每个张量向上取整到 512 字节的块，并且取自总和最高的那一刻，而不是每个地方都满的时候。</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="146"/>
        <source>The composition is taken at the moment of the peak, {phase} of iteration {i}: what is alive then. After backward the activations are freed, so a peak in the optimizer step shows almost none; gradients and states are whole 512-byte blocks. The course draws the end of the forward pass, where the activations are all alive.</source>
        <translation>组成取自峰值那一刻，即第 {i} 次迭代的{phase}：此时仍存在的内容。反向传播之后激活值已被释放，所以峰值在优化器更新步骤时几乎看不到激活值；梯度和状态占整块的 512 字节块。课程画的是前向传播结束时，那时激活值全部存在。</translation>
    </message>
</context>
<context>
    <name>ConfigError</name>
    <message>
        <location filename="../../core/engine/messages.py" line="23"/>
        <source>is not a whole number</source>
        <translation>不是整数</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="25"/>
        <source>must be at least {low}</source>
        <translation>至少应为 {low}</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="27"/>
        <source>must be from {low} to {high}</source>
        <translation>必须在 {low} 到 {high} 之间</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="29"/>
        <source>is too large</source>
        <translation>太大</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="31"/>
        <source>is more than {high}</source>
        <translation>超过了 {high}</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="33"/>
        <source>is not a number</source>
        <translation>不是数字</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="35"/>
        <source>is not a number; write decimals with a point, as in 0.5</source>
        <translation>不是数字；小数请用小数点，例如 0.5</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="37"/>
        <source>is not a string</source>
        <translation>不是字符串</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="39"/>
        <source>is not text</source>
        <translation>不是文本</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="41"/>
        <source>is too long ({length} characters)</source>
        <translation>太长（{length} 个字符）</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="43"/>
        <source>is not true or false</source>
        <translation>不是 true 或 false</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="45"/>
        <source>is not a list of sizes</source>
        <translation>不是尺寸列表</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="47"/>
        <source>{field} is empty</source>
        <translation>{field}为空</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="49"/>
        <source>has an empty width between two commas</source>
        <translation>的两个逗号之间缺少宽度</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="51"/>
        <source>is not one of {choices}</source>
        <translation>不是 {choices} 之一</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="53"/>
        <source>must be a size in GiB from {low} to {high}</source>
        <translation>必须是 {low} 到 {high} GiB 之间的大小</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="55"/>
        <source>must be {count} sizes {names}</source>
        <translation>必须是 {count} 个尺寸 {names}</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="57"/>
        <source>must be {low} to {high} sizes {names}</source>
        <translation>必须是 {low} 到 {high} 个尺寸 {names}</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="60"/>
        <source>{field} is needed with {other} {wanted}</source>
        <translation>{other} 为 {wanted} 时需要{field}</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="62"/>
        <source>is only used with {other} {wanted}</source>
        <translation>只在 {other} 为 {wanted} 时使用</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="64"/>
        <source>is only used with {other}</source>
        <translation>只在给出 {other} 时使用</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="66"/>
        <source>is only used by the MLP, not with {other}</source>
        <translation>只用于 MLP，不能与 {other} 一起使用</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="68"/>
        <source>is not one of {keys}</source>
        <translation>不是 {keys} 之一</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="70"/>
        <source>is not a key; did you mean {near}?</source>
        <translation>不是可用的键；是否想写 {near}？</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="72"/>
        <source>is given twice</source>
        <translation>给了两次</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="74"/>
        <source>{field} is given twice</source>
        <translation>{field}给了两次</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="76"/>
        <source>{message}</source>
        <translation>{message}</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="78"/>
        <source>{field} cannot be combined with --jsonl: each line gives its own options</source>
        <translation>{field}不能与 --jsonl 一起使用：每一行给出自己的选项</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="80"/>
        <source>{field} cannot be combined with {listing}</source>
        <translation>{field}不能与 {listing} 一起使用</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="83"/>
        <source>and classes are needed for a custom dataset</source>
        <translation>和类别数是自定义数据集必需的</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="85"/>
        <source>is not a known GPU (see --list-gpus)</source>
        <translation>不是已知的 GPU（见 --list-gpus）</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="87"/>
        <source>has no calibration yet: run `main.py probe` on a machine with a GPU</source>
        <translation>还没有校准：请在有 GPU 的机器上运行 `main.py probe`</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="89"/>
        <source>has no usable calibration: {problem}</source>
        <translation>没有可用的校准：{problem}</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="91"/>
        <source>{field}: this machine&apos;s GPU is not known yet</source>
        <translation>{field}：尚未找到本机的 GPU</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="93"/>
        <source>is more than the {size} B CUDA reports for {gpu}</source>
        <translation>超过了 CUDA 为 {gpu} 报告的 {size} B</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="95"/>
        <source>must be float32 with amp: autocast keeps the model in float32 and computes in the amp dtype</source>
        <translation>使用混合精度时必须是 float32：autocast 让模型保持 float32，并用混合精度的类型计算</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="97"/>
        <source>applies to models that are a sequence of layers (nn.Sequential); {name} is not one</source>
        <translation>只适用于由层顺序组成的模型（nn.Sequential）；{name} 不是</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="99"/>
        <source>is more than the model&apos;s {n} layers</source>
        <translation>超过了模型的 {n} 层</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="101"/>
        <source>{field} is needed with input_dtype {dtype}: the number of distinct token ids</source>
        <translation>input_dtype 为 {dtype} 时需要{field}：不同 token id 的个数</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="103"/>
        <source>is token ids, which the MLP and layer lists cannot take: use a model file that embeds them</source>
        <translation>是 token id，MLP 和层列表无法接收：请使用带嵌入层的模型文件</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="105"/>
        <source>is part of training; inference runs forward only</source>
        <translation>属于训练；推理只运行前向传播</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="107"/>
        <source>does not divide batch_size {batch}: the batch splits into that many equal micro-batches</source>
        <translation>不能整除 batch_size {batch}：批量要分成这么多个相等的微批次</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="109"/>
        <source>is not modelled with strategy {strategy} yet: train on one GPU to accumulate</source>
        <translation>尚未对策略 {strategy} 建模：请在单个 GPU 上做梯度累积</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="111"/>
        <source>makes an image larger than any machine can address</source>
        <translation>使单张图片大于任何机器可寻址的内存</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="113"/>
        <source>is more than any machine can address</source>
        <translation>超过任何机器可寻址的内存</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="115"/>
        <source>makes a weight larger than any machine can address</source>
        <translation>使权重大于任何机器可寻址的内存</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="117"/>
        <source>makes a batch larger than any machine can address</source>
        <translation>使一个批次大于任何机器可寻址的内存</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="120"/>
        <source>has no layers</source>
        <translation>没有任何层</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="122"/>
        <source>need a Linear layer at the end to give the classes</source>
        <translation>最后需要一个 Linear 层来输出类别</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="124"/>
        <source>(layer {n}) follows the last Linear, which must end the model and give the classes</source>
        <translation>（第 {n} 层）位于最后一个 Linear 之后，而该 Linear 必须是模型的最后一层并输出类别</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="126"/>
        <source>(layer {n}) is not Name or Name(arguments)</source>
        <translation>（第 {n} 层）不是“名称”或“名称(参数)”的形式</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="128"/>
        <source>(layer {n}) is not one of {kinds}</source>
        <translation>（第 {n} 层）不是 {kinds} 之一</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="130"/>
        <source>(layer {n}): {kind} takes no {what}</source>
        <translation>（第 {n} 层）：{kind} 不接受 {what}</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="132"/>
        <source>(layer {n}): {key} is given twice</source>
        <translation>（第 {n} 层）：{key} 给了两次</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="134"/>
        <source>(layer {n}): {kind} needs {what}</source>
        <translation>（第 {n} 层）：{kind} 需要 {what}</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="136"/>
        <source>(layer {n}): {key}={text} is not a number</source>
        <translation>（第 {n} 层）：{key}={text} 不是数字</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="138"/>
        <source>(layer {n}): p={text} must be from 0 to less than 1</source>
        <translation>（第 {n} 层）：p={text} 必须在 0 到 1 之间（不含 1）</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="140"/>
        <source>(layer {n}): {key}={text} must be at least {low}</source>
        <translation>（第 {n} 层）：{key}={text} 至少应为 {low}</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="142"/>
        <source>(layer {n}): {key}={text} is too large</source>
        <translation>（第 {n} 层）：{key}={text} 太大</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="144"/>
        <source>(layer {n}) needs a C×H×W image but gets {shape}: put it before Flatten</source>
        <translation>（第 {n} 层）需要 C×H×W 的图像，却得到 {shape}：请把它放在 Flatten 之前</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="146"/>
        <source>(layer {n}): padding {p} is more than half the kernel size {k}</source>
        <translation>（第 {n} 层）：填充 {p} 超过了核大小 {k} 的一半</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="148"/>
        <source>(layer {n}) gets a {shape} map, smaller than its {window} window</source>
        <translation>（第 {n} 层）得到 {shape} 的特征图，比它的 {window} 窗口还小</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="150"/>
        <source>(layer {n}) needs flat features but gets {shape}: put Flatten before it</source>
        <translation>（第 {n} 层）需要展平的特征，却得到 {shape}：请在它前面加 Flatten</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="152"/>
        <source>(layer {n}) is the last Linear: it gives the dataset&apos;s {c} classes, so write Linear without a number</source>
        <translation>（第 {n} 层）是最后一个 Linear：它输出数据集的 {c} 个类别，所以 Linear 不要写数字</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="155"/>
        <source>(layer {n}) needs out_features, e.g. Linear(512)</source>
        <translation>（第 {n} 层）需要 out_features，例如 Linear(512)</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="158"/>
        <source>is not a model name</source>
        <translation>不是模型名称</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="160"/>
        <source>cannot be given together with layers</source>
        <translation>不能与层列表同时给出</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="162"/>
        <source>cannot be given together with {other}</source>
        <translation>不能与 {other} 同时给出</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="164"/>
        <source>is not a known model (see --list-models)</source>
        <translation>不是已知的模型</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="166"/>
        <source>is not in the installed torchvision {version}</source>
        <translation>不在已安装的 torchvision {version} 中</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="168"/>
        <source>must be path.py:NAME, NAME a class or function in the file</source>
        <translation>必须写成 path.py:NAME，NAME 是文件中的类或函数</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="170"/>
        <source>does not exist</source>
        <translation>不存在</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="172"/>
        <source>is not a file</source>
        <translation>不是文件</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="174"/>
        <source>{field}: choose a Python file (Browse…)</source>
        <translation>{field}：请选择一个 Python 文件（浏览…）</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="176"/>
        <source>{field}: name the nn.Module class or the function that builds it</source>
        <translation>{field}：请填写 nn.Module 类名或构建它的函数名</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="178"/>
        <source>cannot be imported as Python</source>
        <translation>无法作为 Python 导入</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="180"/>
        <source>has a syntax error at line {line}: {error}</source>
        <translation>第 {line} 行有语法错误：{error}</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="182"/>
        <source>raised {error}</source>
        <translation>抛出异常 {error}</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="184"/>
        <source>has a syntax error: {error}</source>
        <translation>有语法错误：{error}</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="186"/>
        <source>is not Python source: {error}</source>
        <translation>不是 Python 源代码：{error}</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="188"/>
        <source>is nested too deeply for Python to compile</source>
        <translation>嵌套太深，Python 无法编译</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="190"/>
        <source>cannot be found: {error}</source>
        <translation>找不到：{error}</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="192"/>
        <source>cannot be opened: {error}</source>
        <translation>无法打开：{error}</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="194"/>
        <source>called os._exit({status}){where}</source>
        <translation>调用了 os._exit({status}){where}</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="196"/>
        <source>has no parameters to train (the optimizer needs one)</source>
        <translation>没有可训练的参数（优化器至少需要一个）</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="198"/>
        <source>took longer than {seconds} s to build and trace (the time limit; --trace-timeout changes it)</source>
        <translation>构建和追踪超过了 {seconds} 秒（时间限制；可用 --trace-timeout 修改）</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="200"/>
        <source>is not a number of seconds above 0 and at most {high}</source>
        <translation>不是大于 0 且不超过 {high} 的秒数</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="202"/>
        <source>is a named pipe that no program wrote to in {seconds} s (--trace-timeout)</source>
        <translation>是命名管道，{seconds} 秒内没有程序写入（--trace-timeout）</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="204"/>
        <source>was not traced: the trace was cancelled (change an input to trace it again)</source>
        <translation>未追踪：追踪已取消（修改任一输入即可重新追踪）</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="206"/>
        <source>raised while building: {error}</source>
        <translation>构建时抛出异常：{error}</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="208"/>
        <source>names nothing: {file} defines no {name}</source>
        <translation>指向不存在的名称：{file} 中没有定义 {name}</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="210"/>
        <source>is neither an nn.Module class nor a function</source>
        <translation>既不是 nn.Module 类也不是函数</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="212"/>
        <source>is a class but not an nn.Module subclass</source>
        <translation>是一个类，但不是 nn.Module 的子类</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="214"/>
        <source>gives a {type}, not an nn.Module</source>
        <translation>得到的是 {type}，不是 nn.Module</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="216"/>
        <source>uses an op the tracer cannot run: {error}</source>
        <translation>使用了追踪器无法运行的算子：{error}</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="218"/>
        <source>does not take the dataset&apos;s {shape} images: {error}</source>
        <translation>无法接受数据集的 {shape} 图像：{error}</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="220"/>
        <source>takes different steps at different batch sizes; memcalc cannot trace it once for all of them</source>
        <translation>在不同批大小下执行不同的步骤；memcalc 无法只追踪一次就覆盖所有批大小</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="222"/>
        <source>returns a {type}, not one tensor of class scores</source>
        <translation>返回的是 {type}，不是一个类别分数张量</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="224"/>
        <source>gives an output of shape {shape}; CrossEntropyLoss needs (batch, {classes}) for the dataset&apos;s {classes} classes</source>
        <translation>输出形状为 {shape}；对数据集的 {classes} 个类别，CrossEntropyLoss 需要 (batch, {classes})</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="227"/>
        <source>gives an output of shape {shape}; a loss per token needs (batch, length, {classes}) for the {classes} classes</source>
        <translation>输出形状为 {shape}；按 token 计算的损失需要 (batch, length, {classes})，对应 {classes} 个类别</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="230"/>
        <source>applies to models that are a sequence of layers (nn.Sequential); {name} is a {type}</source>
        <translation>只适用于由层顺序组成的模型（nn.Sequential）；{name} 是 {type}</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="232"/>
        <source>needs a strategy: ddp or fsdp</source>
        <translation>需要一种策略：ddp 或 fsdp</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="234"/>
        <source>is only used with strategy {wanted}</source>
        <translation>只在策略为 {wanted} 时使用</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="236"/>
        <source>cannot be combined with amp: FSDP&apos;s policy casts the parameters itself</source>
        <translation>不能与 amp 同时使用：FSDP 的策略自己转换参数类型</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="238"/>
        <source>must be float32 with fsdp_mixed_precision: FSDP keeps the sharded parameters in float32</source>
        <translation>使用 fsdp_mixed_precision 时必须是 float32：FSDP 以 float32 保存分片参数</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="240"/>
        <source>needs top-level modules that hold parameters, to shard one by one; {name} has none</source>
        <translation>需要持有参数的顶层模块来逐个分片；{name} 没有</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="242"/>
        <source>cannot be combined with checkpoint_segments</source>
        <translation>不能与 checkpoint_segments 一起使用</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="244"/>
        <source>needs top-level modules with modules inside; {name} is a sequence of layers: use checkpoint_segments</source>
        <translation>需要内部还有模块的顶层模块；{name} 是层的序列：请用 checkpoint_segments</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="248"/>
        <source>is not text like expandable_segments:True</source>
        <translation>不是像 expandable_segments:True 这样的文本</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="250"/>
        <source>has no value (write key:value, e.g. expandable_segments:True)</source>
        <translation>没有值（请写成 key:value，例如 expandable_segments:True）</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="252"/>
        <source>expects &apos;,&apos; after {setting}</source>
        <translation>在 {setting} 之后需要 &quot;,&quot;</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="254"/>
        <source>must be True or False for expandable_segments, as PyTorch reads it</source>
        <translation>对 expandable_segments 必须是 True 或 False（PyTorch 就是这样读取的）</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="256"/>
        <source>must be a whole number of MiB, at least {low}, for max_split_size_mb</source>
        <translation>对 max_split_size_mb 必须是以 MiB 为单位的整数，至少为 {low}</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="258"/>
        <source>is a PyTorch setting memcalc does not model (it models expandable_segments and max_split_size_mb)</source>
        <translation>是 memcalc 不模拟的 PyTorch 设置（它模拟 expandable_segments 和 max_split_size_mb）</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="261"/>
        <source>is not a key of PYTORCH_CUDA_ALLOC_CONF</source>
        <translation>不是 PYTORCH_CUDA_ALLOC_CONF 的键</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="264"/>
        <source>is not a file name (&apos;-&apos; reads stdin)</source>
        <translation>不是文件名（&quot;-&quot; 表示读取标准输入）</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="266"/>
        <source>cannot be read: stdin is closed</source>
        <translation>无法读取：标准输入已关闭</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="268"/>
        <source>cannot be read: {error}</source>
        <translation>无法读取：{error}</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="270"/>
        <source>cannot be read after line {line}: {error}</source>
        <translation>在第 {line} 行之后无法读取：{error}</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="272"/>
        <source>{error}</source>
        <translation>{error}</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="274"/>
        <source>cannot be written: {reason}</source>
        <translation>无法写入：{reason}</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="276"/>
        <source>is not a memory snapshot memcalc can read: {reason}</source>
        <translation>不是 memcalc 能读取的显存快照：{reason}</translation>
    </message>
    <message>
        <location filename="../../core/engine/messages.py" line="279"/>
        <source>The estimate failed: {error}</source>
        <translation>估算失败：{error}</translation>
    </message>
</context>
<context>
    <name>DeclaredOptions</name>
    <message>
        <location filename="../../gui/inputs/declared.py" line="103"/>
        <source>More options</source>
        <translation>更多选项</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/declared.py" line="104"/>
        <source>Inference, several GPUs, cuDNN benchmark mode, checkpointing of blocks: options beyond the course&apos;s loop</source>
        <translation>推理、多 GPU、cuDNN 基准测试模式、按块检查点：课程循环之外的选项</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/declared.py" line="113"/>
        <source>as the dtype</source>
        <translation>与数据类型相同</translation>
    </message>
</context>
<context>
    <name>DeviceStrip</name>
    <message>
        <location filename="../../gui/views/device_strip.py" line="52"/>
        <source>Estimated: may be needed too</source>
        <translation>估算：可能还需要</translation>
    </message>
    <message>
        <location filename="../../gui/views/device_strip.py" line="53"/>
        <source>nothing measured for this GPU: the convolution workspaces and the CUDA context may take this much more; nvidia-smi would show {used}, and the verdict takes the high side</source>
        <translation>此 GPU 没有实测数据：卷积工作区和 CUDA 上下文可能再多占这么多；nvidia-smi 将显示 {used}，结论按高值计算</translation>
    </message>
    <message>
        <location filename="../../gui/views/device_strip.py" line="154"/>
        <source>your training</source>
        <translation>你的训练</translation>
    </message>
    <message>
        <location filename="../../gui/views/device_strip.py" line="154"/>
        <source>your inference</source>
        <translation>你的推理</translation>
    </message>
    <message>
        <location filename="../../gui/views/device_strip.py" line="166"/>
        <source>On the GPU ({unit}): your training {training} + CUDA and libraries {libraries} = {total}</source>
        <translation>GPU 上（{unit}）：你的训练 {training} + CUDA 及其库 {libraries} = {total}</translation>
    </message>
    <message>
        <location filename="../../gui/views/device_strip.py" line="171"/>
        <source>On the GPU ({unit}): your inference {training} + CUDA and libraries {libraries} = {total}</source>
        <translation>GPU 上（{unit}）：你的推理 {training} + CUDA 及其库 {libraries} = {total}</translation>
    </message>
    <message>
        <location filename="../../gui/views/device_strip.py" line="176"/>
        <source>On each of the {gpus} GPUs ({unit}): training {training} + CUDA and libraries {libraries} = {total}</source>
        <translation>{gpus} 个 GPU 中的每个（{unit}）：训练 {training} + CUDA 及其库 {libraries} = {total}</translation>
    </message>
    <message>
        <location filename="../../gui/views/device_strip.py" line="181"/>
        <source>capacity {size}, off the scale</source>
        <translation>容量 {size}，超出刻度</translation>
    </message>
    <message>
        <location filename="../../gui/views/device_strip.py" line="183"/>
        <source>allocator limit + CUDA context {size} (dashes), {percent:.0f} % (dots)</source>
        <translation>分配器上限 + CUDA 上下文 {size}（虚线），{percent:.0f} %（点线）</translation>
    </message>
    <message>
        <location filename="../../gui/views/device_strip.py" line="186"/>
        <source>GPU {size} (dashes), {percent:.0f} % (dots)</source>
        <translation>GPU {size}（虚线），{percent:.0f} %（点线）</translation>
    </message>
</context>
<context>
    <name>ErrorSink</name>
    <message>
        <location filename="../../gui/app/errors.py" line="42"/>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../../gui/app/errors.py" line="43"/>
        <source>Something went wrong. memcalc keeps running; the details may help a bug report.</source>
        <translation>出现了错误。memcalc 仍在运行；详细信息可用于报告问题。</translation>
    </message>
</context>
<context>
    <name>FactsPanel</name>
    <message>
        <location filename="../../gui/samples/facts.py" line="47"/>
        <source>As a tensor</source>
        <translation>作为张量</translation>
    </message>
    <message>
        <location filename="../../gui/samples/facts.py" line="51"/>
        <source>Tensor shape (C, H, W) = {0}</source>
        <translation>张量形状 (C, H, W) = {0}</translation>
    </message>
    <message>
        <location filename="../../gui/samples/facts.py" line="52"/>
        <source>Batch shape (B, C, H, W) = {0}</source>
        <translation>批形状 (B, C, H, W) = {0}</translation>
    </message>
    <message>
        <location filename="../../gui/samples/facts.py" line="53"/>
        <source>Grayscale: 1 channel</source>
        <translation>灰度：1 个通道</translation>
    </message>
    <message>
        <location filename="../../gui/samples/facts.py" line="54"/>
        <source>RGB: 3 channels</source>
        <translation>RGB：3 个通道</translation>
    </message>
    <message>
        <location filename="../../gui/samples/facts.py" line="55"/>
        <source>Bytes per image: {0} B as uint8, {1} B as {2}</source>
        <translation>每张图像字节数：uint8 为 {0} B，{2} 为 {1} B</translation>
    </message>
    <message>
        <location filename="../../gui/samples/facts.py" line="58"/>
        <source>One batch as {0}: {1} × {2} B = {3} B ({4})</source>
        <translation>一个批次（{0}）：{1} × {2} B = {3} B（{4}）</translation>
    </message>
    <message>
        <location filename="../../gui/samples/facts.py" line="60"/>
        <source>To display: permute to (H, W, C) = {0}, e.g. x.permute(1, 2, 0)</source>
        <translation>显示时：重排为 (H, W, C) = {0}，例如 x.permute(1, 2, 0)</translation>
    </message>
    <message>
        <location filename="../../gui/samples/facts.py" line="68"/>
        <source>{0} images; modes: {1}</source>
        <translation>{0} 张图像；模式：{1}</translation>
    </message>
    <message>
        <location filename="../../gui/samples/facts.py" line="70"/>
        <source>Mixed sizes (H×W): {0}; resize to the most common, {1}×{2}</source>
        <translation>尺寸不一 (H×W)：{0}；缩放到最常见的 {1}×{2}</translation>
    </message>
    <message>
        <location filename="../../gui/samples/facts.py" line="73"/>
        <source>(sizes from the first {0} images)</source>
        <translation>（尺寸取自前 {0} 张图像）</translation>
    </message>
</context>
<context>
    <name>Field</name>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="97"/>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="101"/>
        <source>Hidden layers</source>
        <translation>隐藏层</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="105"/>
        <source>Dtype</source>
        <translation>数据类型</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="109"/>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="113"/>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="117"/>
        <source>Target GPU</source>
        <translation>目标 GPU</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="121"/>
        <source>GPU memory</source>
        <translation>显存</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="127"/>
        <source>zero_grad()</source>
        <translation>zero_grad()</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="131"/>
        <source>Input shape</source>
        <translation>输入形状</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="139"/>
        <source>Input dtype</source>
        <translation>输入数据类型</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="145"/>
        <source>Vocabulary</source>
        <translation>词表大小</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="152"/>
        <source>Loss target</source>
        <translation>损失目标</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="160"/>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="167"/>
        <source>Classes</source>
        <translation>类别数</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="172"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="177"/>
        <source>Layer list</source>
        <translation>层列表</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="182"/>
        <source>Model file</source>
        <translation>模型文件</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="188"/>
        <source>Mixed precision</source>
        <translation>混合精度</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="193"/>
        <source>GradScaler</source>
        <translation>GradScaler</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="198"/>
        <source>Checkpoint segments</source>
        <translation>检查点段数</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="203"/>
        <source>Checkpoint blocks</source>
        <translation>按块检查点</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="209"/>
        <source>Gradient accumulation</source>
        <translation>梯度累积</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="216"/>
        <source>Allocator settings</source>
        <translation>分配器设置</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="221"/>
        <source>Allocator limit</source>
        <translation>分配器上限</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="226"/>
        <source>cuDNN benchmark</source>
        <translation>cuDNN 基准测试</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="232"/>
        <source>GPUs</source>
        <translation>GPU 数量</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="241"/>
        <source>Strategy</source>
        <translation>策略</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="248"/>
        <source>Reshard after forward</source>
        <translation>前向后重新分片</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="255"/>
        <source>FSDP mixed precision</source>
        <translation>FSDP 混合精度</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="261"/>
        <source>Gradients as bucket views</source>
        <translation>梯度作为桶视图</translation>
    </message>
</context>
<context>
    <name>FieldHelp</name>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="140"/>
        <source>the input&apos;s dtype for --dataset custom: a float dtype (default: --dtype) or int64 / int32 for token ids (with --vocab)</source>
        <translation>自定义数据集（--dataset custom）输入的数据类型：浮点类型（默认与 --dtype 相同），或词元 ID 用的 int64 / int32（需要 --vocab）</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="146"/>
        <source>token ids are drawn below this, for --input-dtype int64 or int32</source>
        <translation>词元 ID 都小于这个数，用于 --input-dtype int64 或 int32</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="153"/>
        <source>the loss&apos;s target: a class per sample (scores (batch, classes)) or per token (scores (batch, length, classes) against (batch, length) ids)</source>
        <translation>损失的目标：每个样本一个类别（得分 (batch, classes)），或每个词元一个类别（得分 (batch, length, classes) 对应 (batch, length) 个 ID）</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="161"/>
        <source>train: the training step; inference: model.eval() under torch.inference_mode(), forward only (the batch and the outputs, no gradients or optimizer state)</source>
        <translation>train：训练步骤；inference：在 torch.inference_mode() 下 model.eval()，只做前向传播（批次和输出，没有梯度和优化器状态）</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="204"/>
        <source>Gradient checkpointing of each top-level block (a child module with modules inside, e.g. a ResNet&apos;s layer1..4), for any model: about one more forward pass per step</source>
        <translation>对每个顶层块（内部还有模块的子模块，例如 ResNet 的 layer1..4）做梯度检查点，适用于任何模型：每步大约多一次前向传播</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="210"/>
        <source>Gradient accumulation: each optimizer step runs N micro-batches of batch / N samples (forward, loss / N, backward), then step() and zero_grad() once; the batch size is the effective batch and must be a multiple of N</source>
        <translation>梯度累积：每个优化器步骤运行 N 个微批次，每个 batch / N 个样本（前向、loss / N、反向），然后调用一次 step() 和 zero_grad()；批量大小是有效批量，必须是 N 的倍数</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="227"/>
        <source>torch.backends.cudnn.benchmark: cuDNN times every convolution engine at the first call of each shape, with the largest workspace that fits</source>
        <translation>torch.backends.cudnn.benchmark：每种形状第一次调用时，cuDNN 会用能放下的最大工作区为每个卷积引擎计时</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="233"/>
        <source>How many GPUs train together (the world size); the batch size is per GPU, the global batch is GPUs × batch</source>
        <translation>一起训练的 GPU 数量（world size）；批量大小按每个 GPU 计，全局批量为 GPU 数 × 批量</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="242"/>
        <source>none (one GPU), ddp (DistributedDataParallel: every GPU holds the whole model) or fsdp (fully_shard on each top-level block and the model: parameters, gradients and optimizer state split across the GPUs)</source>
        <translation>none（单个 GPU）、ddp（DistributedDataParallel：每个 GPU 保存整个模型）或 fsdp（对每个顶层块和整个模型调用 fully_shard：参数、梯度和优化器状态分散到各个 GPU）</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="249"/>
        <source>With fsdp: fully_shard(block, reshard_after_forward=...): free each block&apos;s gathered parameters after its forward and gather them again in backward (false keeps them from forward to backward)</source>
        <translation>用于 fsdp：fully_shard(block, reshard_after_forward=...)：每个块前向结束后释放收集的参数，反向时再次收集（false 则从前向保留到反向）</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="256"/>
        <source>With fsdp: MixedPrecisionPolicy(param_dtype=this, reduce_dtype=float32): parameters gathered and computed in this dtype, gradients reduced and kept in float32</source>
        <translation>用于 fsdp：MixedPrecisionPolicy(param_dtype=此类型, reduce_dtype=float32)：参数以此类型收集和计算，梯度以 float32 规约和保存</translation>
    </message>
    <message>
        <location filename="../../core/engine/schema/fields.py" line="262"/>
        <source>With ddp: DistributedDataParallel(gradient_as_bucket_view=True): the gradients live in the reducer&apos;s buckets instead of beside them</source>
        <translation>用于 ddp：DistributedDataParallel(gradient_as_bucket_view=True)：梯度直接存放在 reducer 的桶中，而不是另存一份</translation>
    </message>
</context>
<context>
    <name>GpuPanel</name>
    <message>
        <location filename="../../gui/views/gpus.py" line="87"/>
        <source>The comparison failed: {error}</source>
        <translation>比较失败：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/views/gpus.py" line="92"/>
        <source>Estimating on every card…</source>
        <translation>正在对每张显卡估算…</translation>
    </message>
    <message>
        <location filename="../../gui/views/gpus.py" line="100"/>
        <source>Compare the inputs on screen on every GPU of the catalogue: whether they fit, the largest and the recommended batch, and the share of the card they take.</source>
        <translation>在目录中的每个 GPU 上比较当前输入：能否放下、最大和推荐的批大小，以及占显卡的比例。</translation>
    </message>
    <message>
        <location filename="../../gui/views/gpus.py" line="102"/>
        <source>Cards the setup fits come first, the smallest first. * estimated: CUDA&apos;s total memory was not measured for the card (the figure nvidia-smi lists stands in; CUDA reports a little less), or its CUDA context comes from library defaults. Rows marked measured rest on figures measured on such a card.</source>
        <translation>能放下的显卡排在前面，显存小的在前。* 为估计值：该卡的 CUDA 总显存未实测（用 nvidia-smi 列出的数值代替；CUDA 报告的略少），或其 CUDA 上下文来自库的默认值。标为实测的行所依据的数值是在这种卡上测得的。</translation>
    </message>
    <message>
        <location filename="../../gui/views/gpus.py" line="112"/>
        <source>yes</source>
        <translation>能</translation>
    </message>
    <message>
        <location filename="../../gui/views/gpus.py" line="112"/>
        <source>no</source>
        <translation>不能</translation>
    </message>
    <message>
        <location filename="../../gui/views/gpus.py" line="113"/>
        <source>measured</source>
        <translation>实测</translation>
    </message>
    <message>
        <location filename="../../gui/views/gpus.py" line="121"/>
        <source>Compare GPUs</source>
        <translation>比较 GPU</translation>
    </message>
    <message>
        <location filename="../../gui/views/gpus.py" line="123"/>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <location filename="../../gui/views/gpus.py" line="123"/>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <location filename="../../gui/views/gpus.py" line="123"/>
        <source>CUDA memory</source>
        <translation>CUDA 显存</translation>
    </message>
    <message>
        <location filename="../../gui/views/gpus.py" line="123"/>
        <source>CUDA context</source>
        <translation>CUDA 上下文</translation>
    </message>
    <message>
        <location filename="../../gui/views/gpus.py" line="123"/>
        <source>Fits</source>
        <translation>能否放下</translation>
    </message>
    <message>
        <location filename="../../gui/views/gpus.py" line="124"/>
        <source>Max batch</source>
        <translation>最大批大小</translation>
    </message>
    <message>
        <location filename="../../gui/views/gpus.py" line="124"/>
        <source>Recommended</source>
        <translation>推荐</translation>
    </message>
    <message>
        <location filename="../../gui/views/gpus.py" line="124"/>
        <source>Of the card</source>
        <translation>占显卡</translation>
    </message>
    <message>
        <location filename="../../gui/views/gpus.py" line="124"/>
        <source>Figures</source>
        <translation>数值来源</translation>
    </message>
</context>
<context>
    <name>Guide</name>
    <message>
        <location filename="../../gui/window/guide.py" line="15"/>
        <source>What memcalc shows</source>
        <translation>memcalc 显示什么</translation>
    </message>
    <message>
        <location filename="../../gui/window/guide.py" line="16"/>
        <source>memcalc predicts the peak of torch.cuda.max_memory_allocated() while your model trains, and the largest batch that fits, before you train. Change an input on the left and every figure follows.</source>
        <translation>memcalc 在你训练之前，预测模型训练时 torch.cuda.max_memory_allocated() 的峰值，以及能放下的最大批大小。修改左侧任一输入，所有数字随之更新。</translation>
    </message>
    <message>
        <location filename="../../gui/window/guide.py" line="20"/>
        <source>&lt;b&gt;Overview.&lt;/b&gt; The strip at the top is the whole GPU: your training, then what CUDA and its libraries take whatever the model (the cuBLAS workspace, the allocator&apos;s cache, the CUDA context), against the card&apos;s capacity. Below, the bars show your training alone at its own scale: the course&apos;s four places (parameters, gradients, optimizer state, the data batch with the activations) and the temporaries, predicted beside the course estimate. The timeline shows each phase of the first three iterations; hover a bar for its figures.</source>
        <translation>&lt;b&gt;总览。&lt;/b&gt;顶部的横条是整块 GPU：先是你的训练，然后是 CUDA 及其库无论模型如何都要占用的部分（cuBLAS 工作区、分配器缓存、CUDA 上下文），与显卡容量对照。下方的柱状图只按自身比例显示你的训练：课程讲的四个地方（参数、梯度、优化器状态、数据批次与激活值）以及临时张量，预测值与课程估算并排。时间线显示前三次迭代的每个阶段；把鼠标停在柱子上可看其数字。</translation>
    </message>
    <message>
        <location filename="../../gui/window/guide.py" line="28"/>
        <source>&lt;b&gt;Course estimate&lt;/b&gt; adds the four places, all alive at once. The real peak differs: the cuBLAS workspace, temporaries, 512-byte blocks, and the moment of the peak (after backward the activations are gone).</source>
        <translation>&lt;b&gt;课程估算&lt;/b&gt;把四个地方相加，假设它们同时存在。真实峰值与之不同：还有 cuBLAS 工作区、临时张量、512 字节的块，以及峰值出现的时刻（反向传播之后激活值已被释放）。</translation>
    </message>
    <message>
        <location filename="../../gui/window/guide.py" line="32"/>
        <source>&lt;b&gt;When it does not fit&lt;/b&gt;, the Remedies tab ranks what one change does: a smaller batch, mixed precision, gradient checkpointing, another optimizer, zero_grad() before forward, expandable segments. Apply makes it your input.</source>
        <translation>&lt;b&gt;放不下时&lt;/b&gt;，“解决办法”标签页按效果列出单项改动：更小的批大小、混合精度、梯度检查点、换优化器、在前向传播之前调用 zero_grad()、expandable segments。点“应用”即把它设为你的输入。</translation>
    </message>
    <message>
        <location filename="../../gui/window/guide.py" line="36"/>
        <source>&lt;b&gt;Inputs.&lt;/b&gt; Dtype sets the whole model&apos;s number size; Mixed precision keeps the model in float32 and runs forward under autocast (GradScaler for float16); Checkpointing recomputes activations instead of keeping them; the allocator options are PYTORCH_CUDA_ALLOC_CONF&apos;s. Hover any input for what it does.</source>
        <translation>&lt;b&gt;输入。&lt;/b&gt;数据类型决定整个模型每个数的大小；混合精度让模型保持 float32，在 autocast 下做前向传播（float16 配合 GradScaler）；梯度检查点重新计算激活值而不是保存它们；分配器选项即 PYTORCH_CUDA_ALLOC_CONF 的设置。把鼠标停在任一输入上可看它的作用。</translation>
    </message>
    <message>
        <location filename="../../gui/window/guide.py" line="41"/>
        <source>&lt;b&gt;Tabs.&lt;/b&gt; Layers lists every module with its output shape and parameters; Memory per layer shows what each layer keeps for backward; Layer builder builds a CNN layer by layer. File exports the overview as PNG, the estimate as JSON and the components as CSV.</source>
        <translation>&lt;b&gt;标签页。&lt;/b&gt;“各层”列出每个模块的输出形状和参数；“每层显存”显示每层为反向传播保存的内容；“层构建器”逐层搭建 CNN。“文件”菜单可把总览导出为 PNG、估算导出为 JSON、组成部分导出为 CSV。</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <location filename="../../gui/window/guide.py" line="53"/>
        <source>memcalc guide</source>
        <translation>memcalc 指南</translation>
    </message>
</context>
<context>
    <name>InputError</name>
    <message>
        <location filename="../../gui/model/errors.py" line="30"/>
        <source>Estimate</source>
        <translation>估算</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="31"/>
        <source>Class or function</source>
        <translation>类或函数</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="32"/>
        <source>max_split_size_mb</source>
        <translation>max_split_size_mb</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="33"/>
        <source>Channels</source>
        <translation>通道数</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="34"/>
        <source>Height</source>
        <translation>高度</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="35"/>
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="63"/>
        <source>{sentence}.</source>
        <translation>{sentence}。</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="66"/>
        <source>{field}: {reason}.</source>
        <translation>{field}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="68"/>
        <source>{field}: “{text}” {reason}.</source>
        <translation>{field}：“{text}”{reason}。</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="69"/>
        <source>{field}: {value} {reason}.</source>
        <translation>{field}：{value} {reason}。</translation>
    </message>
</context>
<context>
    <name>InputPanel</name>
    <message>
        <location filename="../../gui/inputs/panel.py" line="220"/>
        <source>This machine: {name} (calibrated)</source>
        <translation>本机：{name}（已校准）</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="221"/>
        <source>This machine: {name}</source>
        <translation>本机：{name}</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="246"/>
        <source>The greyed results are for the last valid input.</source>
        <translation>灰色显示的结果属于上一次有效的输入。</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="275"/>
        <source>&amp;Dataset</source>
        <translation>数据集(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="276"/>
        <source>Input shape</source>
        <translation>输入形状</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="277"/>
        <source>Sample shape</source>
        <translation>样本形状</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="278"/>
        <source>Classes</source>
        <translation>类别数</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="279"/>
        <source>&amp;Hidden layers</source>
        <translation>隐藏层(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="280"/>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="281"/>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="282"/>
        <source>Layers</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="283"/>
        <source>Model file</source>
        <translation>模型文件</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="284"/>
        <source>Class or function</source>
        <translation>类或函数</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="285"/>
        <source>Mixed &amp;precision</source>
        <translation>混合精度(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="286"/>
        <source>Checkpointing</source>
        <translation>梯度检查点</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="287"/>
        <source>Allocator</source>
        <translation>分配器</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="288"/>
        <source>Allocator limit</source>
        <translation>分配器上限</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="289"/>
        <source>D&amp;type</source>
        <translation>数据类型(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="290"/>
        <source>&amp;Optimizer</source>
        <translation>优化器(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="291"/>
        <source>&amp;zero_grad()</source>
        <translation>zero_grad()(&amp;Z)</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="292"/>
        <source>&amp;Batch size</source>
        <translation>批大小(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="293"/>
        <source>&amp;Target GPU</source>
        <translation>目标 GPU(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="294"/>
        <source>GPU memory</source>
        <translation>显存</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="300"/>
        <source>Custom shape</source>
        <translation>自定义形状</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="301"/>
        <source>Image folder…</source>
        <translation>图片文件夹…</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="302"/>
        <source>after forward (course loop)</source>
        <translation>前向传播之后（课程中的循环）</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="303"/>
        <source>before forward</source>
        <translation>前向传播之前</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="304"/>
        <source>Custom size</source>
        <translation>自定义大小</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="310"/>
        <source>Images per training step: a whole number, 1 or more</source>
        <translation>每个训练步的图片数：不小于 1 的整数</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="311"/>
        <source>Batch size on a log scale</source>
        <translation>批大小（对数刻度）</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="312"/>
        <source>The GPU&apos;s memory in GiB (2^30 bytes), as cards are sold: a “24 GB” card is 24 GiB</source>
        <translation>GPU 显存，单位 GiB（2^30 字节），与显卡标称一致：“24 GB”的显卡即 24 GiB</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="319"/>
        <source>The images trained on: their shape sizes the input batch and the activations, their classes the last layer</source>
        <translation>训练用的图片：它们的形状决定输入批次和激活值的大小，类别数决定最后一层</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="322"/>
        <source>One sample&apos;s shape, 1 to 4 sizes: 3, 32, 32 for an image (C, H, W), 128 for 128 token ids, 2, 16000 for two channels of audio</source>
        <translation>一个样本的形状，1 到 4 个尺寸：图像写 3, 32, 32（C, H, W），128 个词元 ID 写 128，双声道音频写 2, 16000</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="325"/>
        <source>The dtype of the whole model, its gradients, optimizer state and batch: float32 is 4 bytes a number, float16 and bfloat16 2, float64 8. A pure float16 model (model.half()) halves everything but trains badly without care; for training in half precision choose Mixed precision instead.</source>
        <translation>整个模型及其梯度、优化器状态和批次的数据类型：float32 每个数 4 字节，float16 和 bfloat16 为 2 字节，float64 为 8 字节。纯 float16 模型（model.half()）把一切减半，但不加小心就训练不好；要用半精度训练，请改选“混合精度”。</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="329"/>
        <source>What the optimizer keeps per parameter: SGD nothing, SGD with momentum one copy, Adam and AdamW two (exp_avg, exp_avg_sq), RMSprop and Adagrad one; its foreach step also needs temporaries</source>
        <translation>优化器为每个参数保存的内容：SGD 不保存，带动量的 SGD 一份，Adam 和 AdamW 两份（exp_avg、exp_avg_sq），RMSprop 和 Adagrad 一份；它的 foreach 更新步骤还需要临时张量</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="332"/>
        <source>Where optimizer.zero_grad() stands in the loop. After forward (the course&apos;s loop), the previous gradients are still alive during forward; before forward, they are freed first (set_to_none), which lowers the peak by the gradients when the peak is in forward.</source>
        <translation>optimizer.zero_grad() 在循环中的位置。放在前向传播之后（课程中的循环），上一次的梯度在前向传播期间仍然存在；放在前向传播之前，梯度先被释放（set_to_none），当峰值出现在前向传播时，峰值因此减少梯度的大小。</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="336"/>
        <source>Mixed precision: forward and loss run under torch.autocast, the model stays in float32 (its parameters, gradients and optimizer state too) and autocast keeps float16/bfloat16 copies of the weights; the activations are half the size. Unlike a pure float16 model (Dtype), it trains safely.</source>
        <translation>混合精度：前向传播和损失在 torch.autocast 下运行，模型保持 float32（参数、梯度和优化器状态也是），autocast 保留权重的 float16/bfloat16 副本；激活值只有一半大小。与纯 float16 模型（数据类型）不同，它能稳妥地训练。</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="340"/>
        <source>The card to predict for, with the memory nvidia-smi shows; CUDA reports a little less, and the CUDA context takes some of it before the allocator does</source>
        <translation>要预测的显卡，附 nvidia-smi 显示的显存；CUDA 报告的略少一些，而且 CUDA 上下文先于分配器占用其中一部分</translation>
    </message>
</context>
<context>
    <name>LayerBuilder</name>
    <message>
        <location filename="../../gui/inputs/layer_builder.py" line="255"/>
        <source>Layer {n}: {kind}</source>
        <translation>第 {n} 层：{kind}</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/layer_builder.py" line="258"/>
        <source>No settings</source>
        <translation>无可设置项</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/layer_builder.py" line="275"/>
        <source>the classes</source>
        <translation>类别数</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/layer_builder.py" line="282"/>
        <source>Channels out</source>
        <translation>输出通道</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/layer_builder.py" line="283"/>
        <source>Kernel</source>
        <translation>卷积核</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/layer_builder.py" line="283"/>
        <source>Pool size</source>
        <translation>池化大小</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/layer_builder.py" line="284"/>
        <source>Stride</source>
        <translation>步幅</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/layer_builder.py" line="285"/>
        <source>Padding</source>
        <translation>填充</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/layer_builder.py" line="286"/>
        <source>Dropout p</source>
        <translation>Dropout 概率 p</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/layer_builder.py" line="287"/>
        <source>Units</source>
        <translation>神经元数</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/layer_builder.py" line="303"/>
        <source>The greyed results are for the last valid input.</source>
        <translation>灰色显示的结果属于上一次有效的输入。</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/layer_builder.py" line="315"/>
        <source>Build the network layer by layer: the shape after each layer and its parameters follow as you type. The last Linear gives the dataset&apos;s classes.</source>
        <translation>逐层搭建网络：每一层之后的形状和参数量随输入实时更新。最后一个 Linear 输出数据集的类别数。</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/layer_builder.py" line="148"/>
        <location filename="../../gui/inputs/layer_builder.py" line="317"/>
        <source>Start from the course CNN</source>
        <translation>从课程 CNN 开始</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/layer_builder.py" line="149"/>
        <source>Replace your {n} layers with the course CNN? Your list is lost.</source>
        <translation>用课程 CNN 替换你的 {n} 层吗？你的列表将会丢失。</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/layer_builder.py" line="318"/>
        <source>Start empty</source>
        <translation>从空模型开始</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/layer_builder.py" line="319"/>
        <source>Add layer ▾</source>
        <translation>添加层 ▾</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/layer_builder.py" line="320"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/layer_builder.py" line="321"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/layer_builder.py" line="322"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/layer_builder.py" line="323"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/layer_builder.py" line="323"/>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/layer_builder.py" line="323"/>
        <source>Output shape (C, H, W)</source>
        <translation>输出形状 (C, H, W)</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/layer_builder.py" line="324"/>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/layer_builder.py" line="324"/>
        <source>Formula</source>
        <translation>公式</translation>
    </message>
</context>
<context>
    <name>LayerMemoryView</name>
    <message>
        <location filename="../../gui/views/layer_memory.py" line="130"/>
        <source>Memory ({unit})</source>
        <translation>显存（{unit}）</translation>
    </message>
    <message>
        <location filename="../../gui/views/layer_memory.py" line="159"/>
        <source>peak</source>
        <translation>峰值</translation>
    </message>
    <message>
        <location filename="../../gui/views/layer_memory.py" line="159"/>
        <source>end of
forward</source>
        <translation>前向传播
结束</translation>
    </message>
    <message>
        <location filename="../../gui/views/layer_memory.py" line="162"/>
        <source>Peak · end of forward (iteration {i}):</source>
        <translation>峰值 · 前向传播结束（第 {i} 次迭代）：</translation>
    </message>
    <message>
        <location filename="../../gui/views/layer_memory.py" line="172"/>
        <source>Per layer at batch {batch}: {saved} kept for backward (activations) and {params} parameters. Beside it, what is alive at the peak ({peak}) and at the end of the forward pass.</source>
        <translation>批大小 {batch} 时的每层显存：{saved} 为反向传播保存的内容（激活值），{params} 参数。旁边是峰值（{peak}）时和前向传播结束时存在的内容。</translation>
    </message>
    <message>
        <location filename="../../gui/views/layer_memory.py" line="177"/>
        <source>Composition</source>
        <translation>组成</translation>
    </message>
    <message>
        <location filename="../../gui/views/layer_memory.py" line="184"/>
        <source>Kept for backward: {saved}</source>
        <translation>为反向传播保留：{saved}</translation>
    </message>
    <message>
        <location filename="../../gui/views/layer_memory.py" line="185"/>
        <source>Parameters: {n} = {size}</source>
        <translation>参数：{n} = {size}</translation>
    </message>
</context>
<context>
    <name>LayerTable</name>
    <message>
        <location filename="../../gui/views/tables.py" line="157"/>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../../gui/views/tables.py" line="157"/>
        <source>Output shape</source>
        <translation>输出形状</translation>
    </message>
    <message>
        <location filename="../../gui/views/tables.py" line="157"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../gui/views/tables.py" line="157"/>
        <source>Weight shape</source>
        <translation>权重形状</translation>
    </message>
    <message>
        <location filename="../../gui/views/tables.py" line="158"/>
        <source>Bias shape</source>
        <translation>偏置形状</translation>
    </message>
    <message>
        <location filename="../../gui/views/tables.py" line="158"/>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../../gui/views/tables.py" line="159"/>
        <source>Formula</source>
        <translation>公式</translation>
    </message>
    <message>
        <location filename="../../gui/views/tables.py" line="158"/>
        <source>With children</source>
        <translation>含子模块</translation>
    </message>
    <message>
        <location filename="../../gui/views/tables.py" line="158"/>
        <source>Trainable</source>
        <translation>可训练</translation>
    </message>
    <message>
        <location filename="../../gui/views/tables.py" line="159"/>
        <source>Parameter bytes</source>
        <translation>参数字节数</translation>
    </message>
    <message>
        <location filename="../../gui/views/tables.py" line="159"/>
        <source>Kept for backward</source>
        <translation>为反向传播保留</translation>
    </message>
    <message>
        <location filename="../../gui/views/tables.py" line="165"/>
        <source>(the model)</source>
        <translation>（整个模型）</translation>
    </message>
    <message>
        <location filename="../../gui/views/tables.py" line="187"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../gui/views/tables.py" line="193"/>
        <source>{trainable} trainable, {frozen} non-trainable</source>
        <translation>{trainable} 个可训练，{frozen} 个不可训练</translation>
    </message>
</context>
<context>
    <name>MachinePanel</name>
    <message>
        <location filename="../../gui/measure/machine.py" line="81"/>
        <source>The live device memory monitor needs a CUDA device; here: {reason}.</source>
        <translation>实时显存监视需要 CUDA 设备；本机：{reason}。</translation>
    </message>
    <message>
        <location filename="../../gui/measure/machine.py" line="85"/>
        <source>Predicted for {gpu}: max batch &lt;b&gt;{max}&lt;/b&gt;, recommended &lt;b&gt;{rec}&lt;/b&gt;.</source>
        <translation>对 {gpu} 的预测：最大批大小 &lt;b&gt;{max}&lt;/b&gt;，推荐 &lt;b&gt;{rec}&lt;/b&gt;。</translation>
    </message>
    <message>
        <location filename="../../gui/measure/machine.py" line="99"/>
        <source>Memory ({unit})</source>
        <translation>内存（{unit}）</translation>
    </message>
    <message>
        <location filename="../../gui/measure/machine.py" line="101"/>
        <source>Device memory now: {used} used, {free} free</source>
        <translation>当前设备显存：已用 {used}，空闲 {free}</translation>
    </message>
    <message>
        <location filename="../../gui/measure/machine.py" line="107"/>
        <source>Reading this machine&apos;s facts…</source>
        <translation>正在读取本机信息…</translation>
    </message>
    <message>
        <location filename="../../gui/measure/machine.py" line="110"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../gui/measure/machine.py" line="111"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../../gui/measure/machine.py" line="112"/>
        <source>Cores / threads</source>
        <translation>核心 / 线程</translation>
    </message>
    <message>
        <location filename="../../gui/measure/machine.py" line="113"/>
        <source>Python</source>
        <translation>Python</translation>
    </message>
    <message>
        <location filename="../../gui/measure/machine.py" line="114"/>
        <source>PyTorch</source>
        <translation>PyTorch</translation>
    </message>
    <message>
        <location filename="../../gui/measure/machine.py" line="114"/>
        <source>not installed</source>
        <translation>未安装</translation>
    </message>
    <message>
        <location filename="../../gui/measure/machine.py" line="115"/>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <location filename="../../gui/measure/machine.py" line="115"/>
        <source>cuDNN</source>
        <translation>cuDNN</translation>
    </message>
    <message>
        <location filename="../../gui/measure/machine.py" line="117"/>
        <source>GPU {i}</source>
        <translation>GPU {i}</translation>
    </message>
    <message>
        <location filename="../../gui/measure/machine.py" line="118"/>
        <source>{name}: {memory}, compute capability {cc} ({arch}), {sms} SMs</source>
        <translation>{name}：{memory}，计算能力 {cc}（{arch}），{sms} 个 SM</translation>
    </message>
    <message>
        <location filename="../../gui/measure/machine.py" line="122"/>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <location filename="../../gui/measure/machine.py" line="122"/>
        <source>none usable: {reason}</source>
        <translation>无可用设备：{reason}</translation>
    </message>
    <message>
        <location filename="../../gui/measure/machine.py" line="135"/>
        <source>Device memory, sampled once a second while this tab or a probe runs</source>
        <translation>设备显存：在此标签页显示或测量运行时每秒采样一次</translation>
    </message>
    <message>
        <location filename="../../gui/measure/machine.py" line="137"/>
        <source>Seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <location filename="../../gui/measure/machine.py" line="139"/>
        <source>used</source>
        <translation>已用</translation>
    </message>
    <message>
        <location filename="../../gui/measure/machine.py" line="139"/>
        <source>free</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location filename="../../gui/measure/machine.py" line="79"/>
        <source>Device memory: waiting for the first sample…</source>
        <translation>设备显存：等待第一次采样…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/window/main_window.py" line="99"/>
        <source>The settings changed: the measurement no longer applies</source>
        <translation>设置已更改：测量结果不再适用</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="225"/>
        <source>memcalc – invalid input: {field}</source>
        <translation>memcalc – 输入无效：{field}</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="295"/>
        <source>Could not write {path}: {error}</source>
        <translation>无法写入 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="298"/>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="302"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="305"/>
        <source>Export estimate</source>
        <translation>导出估算</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="305"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="308"/>
        <source>Export components</source>
        <translation>导出组成部分</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="308"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="351"/>
        <source>About memcalc</source>
        <translation>关于 memcalc</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="159"/>
        <source>Overview</source>
        <translation>总览</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="160"/>
        <source>Layers</source>
        <translation>各层</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="161"/>
        <source>Memory per layer</source>
        <translation>每层显存</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="162"/>
        <source>Layer builder</source>
        <translation>层构建器</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="163"/>
        <source>Remedies</source>
        <translation>解决办法</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="164"/>
        <source>Which GPU</source>
        <translation>选哪块 GPU</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="165"/>
        <source>Sample images</source>
        <translation>样本图片</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="166"/>
        <source>Measured vs predicted</source>
        <translation>实测与预测</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="167"/>
        <source>Max batch</source>
        <translation>最大批大小</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="168"/>
        <source>This machine</source>
        <translation>本机</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="229"/>
        <source>memcalc – {data} · {model} · {dtype} · {opt} · batch {batch} · {gpu}</source>
        <translation>memcalc – {data} · {model} · {dtype} · {opt} · 批大小 {batch} · {gpu}</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="302"/>
        <source>Export overview</source>
        <translation>导出总览</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="314"/>
        <source>Export for PyTorch&apos;s memory viewer</source>
        <translation>导出给 PyTorch 显存查看器</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="314"/>
        <source>Memory snapshot (*.pickle)</source>
        <translation>显存快照 (*.pickle)</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="320"/>
        <source>Compare with a memory snapshot</source>
        <translation>与显存快照比较</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="324"/>
        <source>Memory snapshot (*.pickle *.pkl);;All files (*)</source>
        <translation>显存快照 (*.pickle *.pkl);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="330"/>
        <source>{path} is not a memory snapshot memcalc can read: {error}</source>
        <translation>{path} 不是 memcalc 能读取的显存快照：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="342"/>
        <source>&lt;b&gt;memcalc&lt;/b&gt; predicts the GPU memory of training a neural network (the course&apos;s MLP and CNN, torchvision architectures, your own layer list or model file), byte by byte, and the batch size that fits, before you train.</source>
        <translation>&lt;b&gt;memcalc&lt;/b&gt; 在训练之前逐字节预测训练神经网络（课程的 MLP 和 CNN、torchvision 架构、你自己的层列表或模型文件）所需的 GPU 显存，以及能放下的批大小。</translation>
    </message>
</context>
<context>
    <name>MaxBatchPanel</name>
    <message>
        <location filename="../../gui/measure/max_batch.py" line="100"/>
        <source>&lt;b&gt;Measured max batch on {device}: {max}&lt;/b&gt; · predicted: {pred} · recommended ({fraction} ×): &lt;b&gt;{rec}&lt;/b&gt;</source>
        <translation>&lt;b&gt;在 {device} 上实测的最大批大小：{max}&lt;/b&gt; · 预测：{pred} · 推荐（{fraction} ×）：&lt;b&gt;{rec}&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/measure/max_batch.py" line="105"/>
        <source>the search stopped at its limit; more may fit</source>
        <translation>搜索已达上限；可能还能容纳更大的批</translation>
    </message>
    <message>
        <location filename="../../gui/measure/max_batch.py" line="109"/>
        <source>Finding the max batch by measuring needs a CUDA GPU on this machine; here: {reason}.</source>
        <translation>通过实测寻找最大批大小需要本机有 CUDA GPU；本机：{reason}。</translation>
    </message>
    <message>
        <location filename="../../gui/measure/max_batch.py" line="122"/>
        <source>Predicted for {gpu}: max batch &lt;b&gt;{max}&lt;/b&gt;, recommended &lt;b&gt;{rec}&lt;/b&gt;.</source>
        <translation>对 {gpu} 的预测：最大批大小 &lt;b&gt;{max}&lt;/b&gt;，推荐 &lt;b&gt;{rec}&lt;/b&gt;。</translation>
    </message>
    <message>
        <location filename="../../gui/measure/max_batch.py" line="141"/>
        <source>Peak memory ({unit})</source>
        <translation>峰值内存（{unit}）</translation>
    </message>
    <message>
        <location filename="../../gui/measure/max_batch.py" line="149"/>
        <source>Memory against batch size (× out of memory)</source>
        <translation>内存与批大小（× 表示显存不足）</translation>
    </message>
    <message>
        <location filename="../../gui/measure/max_batch.py" line="150"/>
        <source>Samples per second against batch size</source>
        <translation>每秒样本数与批大小</translation>
    </message>
    <message>
        <location filename="../../gui/measure/max_batch.py" line="151"/>
        <location filename="../../gui/measure/max_batch.py" line="152"/>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location filename="../../gui/measure/max_batch.py" line="153"/>
        <source>Samples / s</source>
        <translation>样本 / 秒</translation>
    </message>
    <message>
        <location filename="../../gui/measure/max_batch.py" line="112"/>
        <source>No search yet. &lt;b&gt;Find max batch on this GPU&lt;/b&gt; runs the loop at growing batch sizes until it runs out of memory.</source>
        <translation>尚未搜索。&lt;b&gt;在此 GPU 上查找最大批大小&lt;/b&gt;会以递增的批大小运行训练循环，直到显存不足。</translation>
    </message>
</context>
<context>
    <name>MeasureController</name>
    <message>
        <location filename="../../gui/window/measuring.py" line="133"/>
        <source>CUDA device found: {name}</source>
        <translation>找到 CUDA 设备：{name}</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="135"/>
        <source>Measuring is unavailable: {reason}</source>
        <translation>无法测量：{reason}</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="148"/>
        <source>Checking for a CUDA device…</source>
        <translation>正在检查 CUDA 设备…</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="150"/>
        <source>Unavailable: {reason}</source>
        <translation>不可用：{reason}</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="152"/>
        <source>A measurement is running</source>
        <translation>测量正在进行</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="154"/>
        <source>Fix the input first</source>
        <translation>请先修正输入</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="161"/>
        <source>Run these settings&apos; training loop for three iterations on {name} and compare</source>
        <translation>在 {name} 上按当前设置运行三次训练迭代并进行比较</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="163"/>
        <source>Find the largest batch that really fits on {name}</source>
        <translation>查找 {name} 上真正能容纳的最大批大小</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="172"/>
        <source>Measuring…</source>
        <translation>正在测量…</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="186"/>
        <source>Measuring: {phase}, iteration {i} ({step}/{total})…</source>
        <translation>正在测量：{phase}，第 {i} 次迭代（{step}/{total}）…</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="189"/>
        <source>Max batch search: {phase}, iteration {i}…</source>
        <translation>最大批大小搜索：{phase}，第 {i} 次迭代…</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="196"/>
        <source>The settings changed while measuring: the result is not shown</source>
        <translation>测量期间设置已改变：不显示该结果</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="204"/>
        <source>Measured on {device}: peak {peak} (predicted {pred})</source>
        <translation>在 {device} 上实测：峰值 {peak}（预测 {pred}）</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="210"/>
        <source>Out of memory</source>
        <translation>显存不足</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="212"/>
        <source>Measurement cancelled</source>
        <translation>测量已取消</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="214"/>
        <source>Measurement failed</source>
        <translation>测量失败</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="214"/>
        <source>The probe failed: {error}</source>
        <translation>测量失败：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="222"/>
        <source>Out of memory in {phase} (iteration {i}) at batch {batch}</source>
        <translation>批大小 {batch} 时在 {phase}（第 {i} 次迭代）中显存不足</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="225"/>
        <source>: tried to allocate {asked} with {free} free</source>
        <translation>：试图分配 {asked}，但仅剩 {free} 空闲</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="228"/>
        <source>: tried to allocate {asked}</source>
        <translation>：试图分配 {asked}</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="229"/>
        <source>The GPU memory has been released. Try a smaller batch, or let “Find max batch” search for the largest that fits.</source>
        <translation>GPU 显存已释放。请尝试更小的批大小，或使用“查找最大批大小”搜索能容纳的最大值。</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="253"/>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="259"/>
        <source>Max batch search: batch {batch} {verdict}</source>
        <translation>最大批大小搜索：批大小 {batch} {verdict}</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="260"/>
        <source>fits</source>
        <translation>可容纳</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="260"/>
        <source>out of memory</source>
        <translation>显存不足</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="265"/>
        <source>Search cancelled.</source>
        <translation>搜索已取消。</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="266"/>
        <source>Max batch search cancelled</source>
        <translation>最大批大小搜索已取消</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="269"/>
        <location filename="../../gui/window/measuring.py" line="270"/>
        <source>Search failed: {error}</source>
        <translation>搜索失败：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="270"/>
        <source>Max batch search failed</source>
        <translation>最大批大小搜索失败</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="274"/>
        <source>this GPU</source>
        <translation>此 GPU</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="276"/>
        <source>Max batch on {device}: {max}</source>
        <translation>{device} 上的最大批大小：{max}</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="312"/>
        <source>&amp;Measure on this GPU</source>
        <translation>在此 GPU 上测量(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="313"/>
        <source>Find max &amp;batch on this GPU</source>
        <translation>在此 GPU 上查找最大批大小(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="314"/>
        <source>&amp;Cancel measurement</source>
        <translation>取消测量(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="315"/>
        <source>This &amp;machine…</source>
        <translation>本机信息(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="316"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>MemoryBarChart</name>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="306"/>
        <source>predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="306"/>
        <source>course estimate</source>
        <translation>课程估算</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="303"/>
        <source>not measured</source>
        <translation>未实测</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="66"/>
        <source>measured: memory_allocated growth in iteration 1</source>
        <translation>实测：第 1 次迭代中 memory_allocated 的增长</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="72"/>
        <source>measured peak less the components above; the counters cannot split it</source>
        <translation>实测峰值减去上面各部分；计数器无法再细分</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="83"/>
        <source>reserved by the caching allocator but not allocated at the peak (torch.cuda.memory_reserved() − memory_allocated())</source>
        <translation>峰值时缓存分配器已保留但未分配的显存（torch.cuda.memory_reserved() − memory_allocated()）</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="91"/>
        <source>the CUDA context: kernels and driver state, outside the allocator</source>
        <translation>CUDA 上下文：内核与驱动状态，不经过分配器</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="94"/>
        <source>estimated for this GPU: between {low} and {high} with the libraries&apos; handles and loaded kernels (a probe&apos;s calibration measures it)</source>
        <translation>此 GPU 为估算值：加上各库的句柄和已加载的内核，在 {low} 与 {high} 之间（探测校准会实测它）</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="110"/>
        <source>cuDNN convolution workspaces (estimated)</source>
        <translation>cuDNN 卷积工作区（估算）</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="111"/>
        <source>nothing measured for this GPU, cuDNN version and shapes: the peak is between the bar without them and the top of the hatched band, with the largest workspace each convolution can take; the verdict and the batch sizes take the top</source>
        <translation>此 GPU、cuDNN 版本和形状没有实测数据：峰值介于不含它们的柱顶与斜线带顶端之间（斜线带按每个卷积可能占用的最大工作区计算）；结论和批量大小按顶端计算</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="118"/>
        <source>Cached by the allocator</source>
        <translation>分配器缓存</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="119"/>
        <source>CUDA context</source>
        <translation>CUDA 上下文</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="124"/>
        <source>Rest of measured peak (not split)</source>
        <translation>实测峰值的其余部分（未细分）</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="303"/>
        <source>measured</source>
        <translation>实测</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="305"/>
        <source>course estimate (training)</source>
        <translation>课程估算（训练）</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="309"/>
        <source>meas.</source>
        <translation>实测</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="310"/>
        <source>pred.</source>
        <translation>预测</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="310"/>
        <source>course</source>
        <translation>课程</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="368"/>
        <source>Memory ({unit})</source>
        <translation>显存 ({unit})</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="371"/>
        <location filename="../../gui/views/bar_chart.py" line="372"/>
        <source>estimated</source>
        <translation>估算</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="384"/>
        <source>Your training at the peak ({phase}, iteration {i})</source>
        <translation>峰值时你的训练（{phase}，第 {i} 次迭代）</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="387"/>
        <source>Your inference at the peak ({phase}, batch {i})</source>
        <translation>峰值时你的推理（{phase}，第 {i} 个批次）</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="390"/>
        <source>Each GPU&apos;s training at the peak ({phase}, iteration {i})</source>
        <translation>峰值时每个 GPU 上的训练（{phase}，第 {i} 次迭代）</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="393"/>
        <source>Per GPU: {title}</source>
        <translation>每个 GPU：{title}</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="400"/>
        <source>Out of memory in {phase}, iteration {i}: asks for {size}</source>
        <translation>在{phase}（第 {i} 次迭代）显存不足：需要申请 {size}</translation>
    </message>
</context>
<context>
    <name>MemoryOptions</name>
    <message>
        <location filename="../../gui/inputs/memory_options.py" line="95"/>
        <source>Gradient checkpointing here runs checkpoint_sequential, which needs a model that is a sequence of layers (nn.Sequential); {model} is not one.</source>
        <translation>这里的梯度检查点使用 checkpoint_sequential，需要模型是层的序列（nn.Sequential）；{model} 不是。</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/memory_options.py" line="99"/>
        <source>Segments of checkpoint_sequential(model, N, x): at most the model&apos;s {n} layers; 0 is off. Saves activations for about one more forward pass.</source>
        <translation>checkpoint_sequential(model, N, x) 的段数：最多为模型的 {n} 层；0 表示关闭。以大约多一次前向传播换取更少的激活显存。</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/memory_options.py" line="108"/>
        <source>none (float32)</source>
        <translation>无（float32）</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/memory_options.py" line="103"/>
        <source>Gradient checkpointing: segments of checkpoint_sequential(model, N, x); 0 is off. Only each segment&apos;s input is kept for backward, the rest is recomputed: less activation memory for about one more forward pass of time.</source>
        <translation>梯度检查点：checkpoint_sequential(model, N, x) 的分段数；0 表示关闭。只为反向传播保存每段的输入，其余重新计算：激活值显存更少，代价是大约多一次前向传播的时间。</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/memory_options.py" line="110"/>
        <source>torch.amp.GradScaler, used with float16 autocast: it multiplies the loss so small float16 gradients do not vanish, and unscales them before the step; it keeps a scale and a check for inf/NaN (a few bytes). bfloat16 does not need it.</source>
        <translation>torch.amp.GradScaler，与 float16 autocast 一起使用：它放大损失，使很小的 float16 梯度不会变成零，并在更新步骤之前还原；它保存一个缩放因子和 inf/NaN 检查（几个字节）。bfloat16 不需要它。</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/memory_options.py" line="113"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/memory_options.py" line="114"/>
        <source>PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True: segments grow instead of many being cached</source>
        <translation>PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True：段会扩展，而不是缓存许多段</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/memory_options.py" line="116"/>
        <source>max split</source>
        <translation>最大切分</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/memory_options.py" line="117"/>
        <source>PYTORCH_CUDA_ALLOC_CONF max_split_size_mb: blocks this large or larger are never split (at least 20); empty: not set</source>
        <translation>PYTORCH_CUDA_ALLOC_CONF 的 max_split_size_mb：不小于此大小的块永不拆分（至少 20）；留空：不设置</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/memory_options.py" line="119"/>
        <source>no limit</source>
        <translation>无上限</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/memory_options.py" line="120"/>
        <source>torch.cuda.set_per_process_memory_fraction, as GiB the allocator may use; empty: all of the GPU</source>
        <translation>torch.cuda.set_per_process_memory_fraction：分配器可用的 GiB；留空：整块 GPU</translation>
    </message>
</context>
<context>
    <name>ModelChooser</name>
    <message>
        <location filename="../../gui/inputs/model_chooser.py" line="143"/>
        <source>Open a model file</source>
        <translation>打开模型文件</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/model_chooser.py" line="144"/>
        <source>Python files (*.py)</source>
        <translation>Python 文件 (*.py)</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/model_chooser.py" line="186"/>
        <source>a list that cannot be read</source>
        <translation>无法读取的层列表</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/model_chooser.py" line="188"/>
        <source>{n} layers</source>
        <translation>{n} 层</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/model_chooser.py" line="192"/>
        <source>Course MLP</source>
        <translation>课程 MLP</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/model_chooser.py" line="193"/>
        <source>Course CNN</source>
        <translation>课程 CNN</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/model_chooser.py" line="194"/>
        <source>Layer builder</source>
        <translation>层构建器</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/model_chooser.py" line="195"/>
        <source>torchvision architecture</source>
        <translation>torchvision 架构</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/model_chooser.py" line="196"/>
        <source>Python file…</source>
        <translation>Python 文件…</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/model_chooser.py" line="200"/>
        <source>Edit layers…</source>
        <translation>编辑层…</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/model_chooser.py" line="201"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/model_chooser.py" line="202"/>
        <source>e.g. 512, 256 (empty: no hidden layer)</source>
        <translation>例如 512, 256（留空：没有隐藏层）</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/model_chooser.py" line="203"/>
        <source>Widths of the hidden layers, separated by commas (， and 、 too)</source>
        <translation>各隐藏层的宽度，用逗号分隔（也可用 ， 和 、）</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/model_chooser.py" line="204"/>
        <source>Type to search torchvision&apos;s classification architectures</source>
        <translation>输入名称的任意部分以搜索 torchvision 的分类架构</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/model_chooser.py" line="205"/>
        <source>path/to/model.py</source>
        <translation>path/to/model.py</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/model_chooser.py" line="206"/>
        <source>memcalc imports and runs this file, as python would</source>
        <translation>memcalc 会像 python 一样导入并运行此文件</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/model_chooser.py" line="207"/>
        <source>The nn.Module class, or a function that returns one, built with no arguments</source>
        <translation>nn.Module 类，或返回它的函数，不带参数构建</translation>
    </message>
</context>
<context>
    <name>Phases</name>
    <message>
        <location filename="../../gui/views/labels.py" line="77"/>
        <source>setup</source>
        <translation>初始化</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="78"/>
        <source>transfer</source>
        <translation>数据传输</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="79"/>
        <source>forward</source>
        <translation>前向传播</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="80"/>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="81"/>
        <source>zero_grad</source>
        <translation>梯度清零</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="82"/>
        <source>backward</source>
        <translation>反向传播</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="83"/>
        <source>step</source>
        <translation>优化器更新</translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <location filename="../../gui/measure/reasons.py" line="16"/>
        <source>PyTorch is not installed</source>
        <translation>未安装 PyTorch</translation>
    </message>
    <message>
        <location filename="../../gui/measure/reasons.py" line="17"/>
        <source>no CUDA device (torch.cuda.is_available() is False)</source>
        <translation>没有 CUDA 设备（torch.cuda.is_available() 为 False）</translation>
    </message>
    <message>
        <location filename="../../gui/measure/reasons.py" line="19"/>
        <source>no CUDA device</source>
        <translation>没有 CUDA 设备</translation>
    </message>
    <message>
        <location filename="../../gui/measure/reasons.py" line="24"/>
        <source>PyTorch could not be imported: {detail}</source>
        <translation>无法导入 PyTorch：{detail}</translation>
    </message>
    <message>
        <location filename="../../gui/measure/reasons.py" line="25"/>
        <source>CUDA error: {detail}</source>
        <translation>CUDA 错误：{detail}</translation>
    </message>
</context>
<context>
    <name>RemediesPanel</name>
    <message>
        <location filename="../../gui/views/remedies.py" line="62"/>
        <location filename="../../gui/views/remedies.py" line="143"/>
        <source>Find remedies</source>
        <translation>寻找解决办法</translation>
    </message>
    <message>
        <location filename="../../gui/views/remedies.py" line="81"/>
        <source>Fix the inputs to find remedies.</source>
        <translation>请先修正输入，再寻找解决办法。</translation>
    </message>
    <message>
        <location filename="../../gui/views/remedies.py" line="85"/>
        <source>The remedies could not be found: {error}</source>
        <translation>无法找到解决办法：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/views/remedies.py" line="87"/>
        <source>Finding remedies for {model}: every one is an estimate of its own…</source>
        <translation>正在为 {model} 寻找解决办法：每一项都是一次单独的估算…</translation>
    </message>
    <message>
        <location filename="../../gui/views/remedies.py" line="90"/>
        <source>What changing one thing does for {model} at batch {batch}, the most device memory saved first. Apply one to make it the inputs.</source>
        <translation>对批大小 {batch} 的 {model} 只改变一项会怎样，按节省的设备显存从多到少排列。点击“应用”把它设为当前输入。</translation>
    </message>
    <message>
        <location filename="../../gui/views/remedies.py" line="94"/>
        <source>The greyed remedies are for other inputs: find them again for these.</source>
        <translation>灰色显示的解决办法属于其他输入：请为当前输入重新寻找。</translation>
    </message>
    <message>
        <location filename="../../gui/views/remedies.py" line="95"/>
        <source>Find what would make it fit: a smaller batch, mixed precision, checkpointing, another optimizer, the allocator&apos;s expandable segments. Found by itself when it does not fit.</source>
        <translation>寻找能放下的办法：更小的批大小、混合精度、梯度检查点、换优化器、分配器的 expandable segments。放不下时会自动寻找。</translation>
    </message>
    <message>
        <location filename="../../gui/views/remedies.py" line="99"/>
        <source>Change</source>
        <translation>改动</translation>
    </message>
    <message>
        <location filename="../../gui/views/remedies.py" line="99"/>
        <source>Device memory</source>
        <translation>设备显存</translation>
    </message>
    <message>
        <location filename="../../gui/views/remedies.py" line="99"/>
        <source>Largest batch</source>
        <translation>最大批大小</translation>
    </message>
    <message>
        <location filename="../../gui/views/remedies.py" line="133"/>
        <source>does not help here</source>
        <translation>在这里没有帮助</translation>
    </message>
    <message>
        <location filename="../../gui/views/remedies.py" line="136"/>
        <source>saves {size}</source>
        <translation>节省 {size}</translation>
    </message>
    <message>
        <location filename="../../gui/views/remedies.py" line="138"/>
        <source>needs {size} more</source>
        <translation>还需要 {size}</translation>
    </message>
    <message>
        <location filename="../../gui/views/remedies.py" line="139"/>
        <source>the same</source>
        <translation>不变</translation>
    </message>
    <message>
        <location filename="../../gui/views/remedies.py" line="100"/>
        <source>Fits</source>
        <translation>能否放下</translation>
    </message>
    <message>
        <location filename="../../gui/views/remedies.py" line="100"/>
        <source>Cost</source>
        <translation>代价</translation>
    </message>
    <message>
        <location filename="../../gui/views/remedies.py" line="100"/>
        <source>Recommended batch</source>
        <translation>推荐批大小</translation>
    </message>
    <message>
        <location filename="../../gui/views/remedies.py" line="115"/>
        <source>✔ fits</source>
        <translation>✔ 能放下</translation>
    </message>
    <message>
        <location filename="../../gui/views/remedies.py" line="115"/>
        <source>✘ does not fit</source>
        <translation>✘ 放不下</translation>
    </message>
    <message>
        <location filename="../../gui/views/remedies.py" line="123"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
</context>
<context>
    <name>SampleViewer</name>
    <message>
        <location filename="../../gui/samples/viewer.py" line="353"/>
        <source>Change…</source>
        <translation>更改…</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="354"/>
        <source>Choose folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="355"/>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="356"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="352"/>
        <source>Data folder:</source>
        <translation>数据文件夹：</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="329"/>
        <source>Image folder</source>
        <translation>图像文件夹</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="329"/>
        <source>Custom shape</source>
        <translation>自定义形状</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="130"/>
        <source>A custom shape has no sample images.</source>
        <translation>自定义形状没有示例图像。</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="133"/>
        <source>ImageNet cannot be downloaded automatically (it needs a registration at image-net.org). If you have a copy, choose it with Image folder.</source>
        <translation>ImageNet 无法自动下载（需要在 image-net.org 注册）。如果你有副本，请通过“图像文件夹”选择。</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="167"/>
        <source>Choose a folder of images</source>
        <translation>选择图像文件夹</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="173"/>
        <source>Choose the data folder</source>
        <translation>选择数据文件夹</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="231"/>
        <location filename="../../gui/samples/viewer.py" line="240"/>
        <source>Reading {0}…</source>
        <translation>正在读取 {0}…</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="238"/>
        <source>Choose a folder of images: one subfolder per class, or images directly.</source>
        <translation>选择图像文件夹：每个类别一个子文件夹，或直接存放图像。</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="247"/>
        <source>{0}: {1} images</source>
        <translation>{0}：{1} 张图像</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="254"/>
        <source>{0}, test split: {1} images; the first {2} shown.</source>
        <translation>{0}，测试集：{1} 张图像；显示前 {2} 张。</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="262"/>
        <source>{0} is not in the data folder yet. Download it (needs the internet).</source>
        <translation>数据文件夹中还没有 {0}。请下载（需要联网）。</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="265"/>
        <source>Could not read: {0}</source>
        <translation>无法读取：{0}</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="275"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="276"/>
        <source>Downloading {0} into {1}…</source>
        <translation>正在下载 {0} 到 {1}…</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="282"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="292"/>
        <source>{0}: {1} MiB of {2} MiB</source>
        <translation>{0}：{1} MiB / {2} MiB</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="293"/>
        <source>{0}: {1} MiB</source>
        <translation>{0}：{1} MiB</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="303"/>
        <source>No network: the download server cannot be reached. Everything else keeps working. ({0})</source>
        <translation>没有网络：无法连接下载服务器。其他功能照常可用。（{0}）</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="306"/>
        <source>Download cancelled.</source>
        <translation>下载已取消。</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="308"/>
        <source>Download failed: {0}</source>
        <translation>下载失败：{0}</translation>
    </message>
</context>
<context>
    <name>SnapshotDialog</name>
    <message>
        <location filename="../../gui/views/snapshot.py" line="20"/>
        <source>Measured (memory snapshot) vs predicted</source>
        <translation>实测（显存快照）与预测</translation>
    </message>
    <message>
        <location filename="../../gui/views/snapshot.py" line="23"/>
        <source>{file}: the snapshot&apos;s trace replayed (the allocated blocks recovered from the addresses), beside the same figures of the predicted step.</source>
        <translation>{file}：重放快照的记录（由地址还原已分配的块），与预测步骤的同样数值并列。</translation>
    </message>
    <message>
        <location filename="../../gui/views/snapshot.py" line="28"/>
        <source>Figure</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../../gui/views/snapshot.py" line="28"/>
        <source>Predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <location filename="../../gui/views/snapshot.py" line="28"/>
        <source>Measured</source>
        <translation>实测</translation>
    </message>
    <message>
        <location filename="../../gui/views/snapshot.py" line="29"/>
        <source>Difference</source>
        <translation>差值</translation>
    </message>
    <message>
        <location filename="../../gui/views/snapshot.py" line="30"/>
        <source>Peak allocated</source>
        <translation>已分配峰值</translation>
    </message>
    <message>
        <location filename="../../gui/views/snapshot.py" line="30"/>
        <source>Peak requested</source>
        <translation>请求峰值</translation>
    </message>
    <message>
        <location filename="../../gui/views/snapshot.py" line="31"/>
        <source>Peak reserved</source>
        <translation>已保留峰值</translation>
    </message>
    <message>
        <location filename="../../gui/views/snapshot.py" line="31"/>
        <source>Allocations</source>
        <translation>分配次数</translation>
    </message>
    <message>
        <location filename="../../gui/views/snapshot.py" line="44"/>
        <source>share of the step&apos;s allocations and frees</source>
        <translation>步骤中分配与释放的进度</translation>
    </message>
    <message>
        <location filename="../../gui/views/snapshot.py" line="45"/>
        <source>memory_allocated (MiB)</source>
        <translation>memory_allocated (MiB)</translation>
    </message>
    <message>
        <location filename="../../gui/views/snapshot.py" line="46"/>
        <source>predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <location filename="../../gui/views/snapshot.py" line="47"/>
        <source>measured</source>
        <translation>实测</translation>
    </message>
</context>
<context>
    <name>Summary</name>
    <message>
        <location filename="../../gui/views/exporting.py" line="76"/>
        <source>memcalc: {model} on {dataset} ({shape}, {classes} classes), {dtype}, {optimizer}, batch {batch}, zero_grad {zero_grad}, GPU {gpu}</source>
        <translation>memcalc：{model}，数据集 {dataset}（{shape}，{classes} 个类别），{dtype}，{optimizer}，批大小 {batch}，zero_grad {zero_grad}，GPU {gpu}</translation>
    </message>
    <message>
        <location filename="../../gui/views/exporting.py" line="81"/>
        <source>Predicted peak (max_memory_allocated): {peak} ({exact} B) at {phase}, iteration {it}</source>
        <translation>预测峰值（max_memory_allocated）：{peak}（{exact} B），出现在{phase}，第 {it} 次迭代</translation>
    </message>
    <message>
        <location filename="../../gui/views/exporting.py" line="87"/>
        <source>fits</source>
        <translation>可容纳</translation>
    </message>
    <message>
        <location filename="../../gui/views/exporting.py" line="87"/>
        <source>does not fit</source>
        <translation>无法运行</translation>
    </message>
    <message>
        <location filename="../../gui/views/exporting.py" line="89"/>
        <source>Course estimate: {naive}</source>
        <translation>课程估算：{naive}</translation>
    </message>
    <message>
        <location filename="../../gui/views/exporting.py" line="90"/>
        <source>Cached by the allocator at the peak: {cached}; reserved at most: {reserved}</source>
        <translation>峰值时分配器缓存：{cached}；最多保留：{reserved}</translation>
    </message>
    <message>
        <location filename="../../gui/views/exporting.py" line="92"/>
        <source>nvidia-smi would show {total} of {gpu}, with the CUDA context ({source}) ({verdict})</source>
        <translation>nvidia-smi 将显示 {total}，共 {gpu}，含 CUDA 上下文（{source}）（{verdict}）</translation>
    </message>
    <message>
        <location filename="../../gui/views/exporting.py" line="95"/>
        <source>Max batch size: {max}; recommended: {rec}</source>
        <translation>最大批大小：{max}；推荐：{rec}</translation>
    </message>
    <message>
        <location filename="../../gui/views/exporting.py" line="99"/>
        <source>The whole training set ({images} images) fits in one batch.</source>
        <translation>整个训练集（{images} 张图片）可以放进一个批次。</translation>
    </message>
</context>
<context>
    <name>SummaryBox</name>
    <message>
        <location filename="../../gui/views/summary.py" line="87"/>
        <source>✔ Fits on this GPU</source>
        <translation>✔ 可以在此 GPU 上运行</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="90"/>
        <source>✘ Does not fit on this GPU</source>
        <translation>✘ 此 GPU 显存不足</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="25"/>
        <source>measured</source>
        <translation>实测</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="26"/>
        <source>calibrated on this machine</source>
        <translation>在本机上校准</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="28"/>
        <source>estimated</source>
        <translation>估计</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="72"/>
        <source>Recommended ({percent:.0f} %)</source>
        <translation>推荐（{percent:.0f} %）</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="81"/>
        <source>✔ Fits on each of the {gpus} GPUs</source>
        <translation>✔ {gpus} 个 GPU 中的每个都放得下</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="84"/>
        <source>✘ Does not fit: each of the {gpus} GPUs runs out</source>
        <translation>✘ 放不下：{gpus} 个 GPU 中的每个都显存不足</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="97"/>
        <source>The whole training set ({images} images) fits in one batch.</source>
        <translation>整个训练集（{images} 张图片）可以放进一个批次。</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="102"/>
        <source>⚠ The batch ({batch}) is larger than the training set ({images} images): a DataLoader gives at most {images} images a batch, so this batch never happens in training.</source>
        <translation>⚠ 批大小（{batch}）大于训练集（{images} 张图片）：DataLoader 每批最多给出 {images} 张图片，所以训练中不会出现这么大的批次。</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="115"/>
        <source>No result: fix the input above.</source>
        <translation>没有结果：请修正上面的输入。</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="117"/>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="124"/>
        <source>Max batch per GPU (global {batch})</source>
        <translation>每个 GPU 的最大批大小（全局 {batch}）</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="126"/>
        <source>Recommended per GPU (global {batch})</source>
        <translation>每个 GPU 的推荐值（全局 {batch}）</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="129"/>
        <source>Max batch size (inference)</source>
        <translation>最大批大小（推理）</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="137"/>
        <source>Inference: model.eval() and the forward under torch.inference_mode(), batch after batch. No gradients, no optimizer state, no activations saved for backward: what stays alive is the parameters, the batch and its outputs, the forward&apos;s temporaries (freed layer by layer) and the cuBLAS/cuDNN workspaces. The course estimate beside it counts training&apos;s four places, for comparison.</source>
        <translation>推理：model.eval()，在 torch.inference_mode() 下逐个批次做前向传播。没有梯度，没有优化器状态，也不为反向传播保存激活值：留在显存里的是参数、批次及其输出、前向传播的临时张量（逐层释放）以及 cuBLAS/cuDNN 工作区。旁边的课程估算按训练的四个地方计算，仅供比较。</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="148"/>
        <source>Per GPU ({strategy} on {gpus} GPUs; rank 0, the largest): peak {peak} allocated, {reserved} reserved. nvidia-smi would show {used} on each GPU: reserved, the CUDA context {ctx} and NCCL&apos;s {nccl}, which lives outside the allocator (an estimate: NCCL sizes it by channels and topology). Batch {batch} per GPU, global batch {global_batch} ({gpus} × {batch}); max batch {max} per GPU, global {max_global} ({gpus} × {max}).</source>
        <translation>每个 GPU（{strategy}，{gpus} 个 GPU；rank 0，占用最多）：已分配峰值 {peak}，保留 {reserved}。nvidia-smi 在每个 GPU 上将显示 {used}：保留的显存、CUDA 上下文 {ctx}，以及 NCCL 的 {nccl}（它在分配器之外；这是估计值：NCCL 按通道数和拓扑决定其大小）。每个 GPU 批大小 {batch}，全局批大小 {global_batch}（{gpus} × {batch}）；每个 GPU 最大批大小 {max}，全局 {max_global}（{gpus} × {max}）。</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="182"/>
        <source>Peak {peak} allocated at {phase} (iteration {it}); the allocator reserves up to {reserved}. nvidia-smi would show {used} of {gpu}, with the CUDA context {ctx} ({source}). Course estimate: {naive}.</source>
        <translation>已分配峰值 {peak}，出现在{phase}（第 {it} 次迭代）；分配器最多保留 {reserved}。nvidia-smi 将显示 {used}，共 {gpu}，含 CUDA 上下文 {ctx}（{source}）。课程估算：{naive}。</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="165"/>
        <source>The allocator may use {limit}.</source>
        <translation>分配器最多可用 {limit}。</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="198"/>
        <source>With the largest workspaces the convolutions can take: </source>
        <translation>按卷积可能占用的最大工作区计算：</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="200"/>
        <source>Out of memory in {phase} of iteration {it}: {tensor} asks for {requested}. The allocator, having released what it had cached, asks for a new {segment} segment, but it holds {reserved} ({allocated} in tensors, {cached} cached in segments still in use) and only {free} of the {capacity} it may use is free. With memory to spare the step would peak at {peak} allocated ({peak_phase}, iteration {peak_it}) and {unbounded} reserved, with the CUDA context {ctx} ({source}). Course estimate: {naive}.</source>
        <translation>在第 {it} 次迭代的{phase}中显存不足：{tensor} 申请 {requested}。分配器释放了缓存之后，申请一个新的 {segment} 段，但它已保留 {reserved}（张量占 {allocated}，仍在使用的段中缓存 {cached}），可用的 {capacity} 中只剩 {free} 空闲。若显存充足，这一步的已分配峰值为 {peak}（{peak_phase}，第 {peak_it} 次迭代），保留 {unbounded}，含 CUDA 上下文 {ctx}（{source}）。课程估算：{naive}。</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="218"/>
        <source>Peak − course estimate = {diff}: cuBLAS workspace {workspace}, temporaries {temporaries}, rounding up to the allocator&apos;s blocks {rounding}, the moment of the peak {moment}.</source>
        <translation>峰值 − 课程估算 = {diff}：cuBLAS 工作区 {workspace}，临时张量 {temporaries}，向上取整到分配器的块 {rounding}，峰值出现的时刻 {moment}。</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="221"/>
        <source>Low peak − course estimate = {diff}: cuBLAS workspace {workspace}, temporaries {temporaries}, rounding up to the allocator&apos;s blocks {rounding}, the moment of the peak {moment}; the convolution workspaces come on top.</source>
        <translation>峰值低值 − 课程估算 = {diff}：cuBLAS 工作区 {workspace}，临时张量 {temporaries}，向上取整到分配器的块 {rounding}，峰值出现的时刻 {moment}；卷积工作区另计。</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="236"/>
        <source>Not even a batch of one runs: the parameters ({params}) and the workspaces ({ws}) alone take {total}, whatever the batch, of the {usable} the allocator may use.</source>
        <translation>连批大小 1 都运行不了：无论批大小多少，参数（{params}）和工作区（{ws}）本身就占 {total}，而分配器只能使用 {usable}。</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="243"/>
        <source>Not even a batch of one fits: the parameters ({params}), their gradients ({grads}), the optimizer state ({state}) and the workspaces ({ws}) alone take {total}, whatever the batch, of the {usable} the allocator may use.</source>
        <translation>连批大小 1 都放不下：无论批大小多少，参数（{params}）、梯度（{grads}）、优化器状态（{state}）和工作区（{ws}）本身就占 {total}，而分配器只能使用 {usable}。</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="70"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="71"/>
        <source>Max batch size</source>
        <translation>最大批大小</translation>
    </message>
</context>
<context>
    <name>TimelineChart</name>
    <message>
        <location filename="../../gui/views/timeline.py" line="121"/>
        <source>Iteration {i}, {phase}: peak {size}</source>
        <translation>第 {i} 次迭代，{phase}：峰值 {size}</translation>
    </message>
    <message>
        <location filename="../../gui/views/timeline.py" line="124"/>
        <source>At the phase&apos;s peak:</source>
        <translation>该阶段峰值时：</translation>
    </message>
    <message>
        <location filename="../../gui/views/timeline.py" line="136"/>
        <source>Memory ({unit})</source>
        <translation>显存 ({unit})</translation>
    </message>
    <message>
        <location filename="../../gui/views/timeline.py" line="139"/>
        <source>Memory during the first three iterations</source>
        <translation>前三次迭代中的显存</translation>
    </message>
    <message>
        <location filename="../../gui/views/timeline.py" line="141"/>
        <source>● measured</source>
        <translation>● 实测</translation>
    </message>
    <message>
        <location filename="../../gui/views/timeline.py" line="148"/>
        <source>it. {i}</source>
        <translation>第 {i} 次</translation>
    </message>
    <message>
        <location filename="../../gui/views/timeline.py" line="156"/>
        <source>peak: {phase}, it. {i}</source>
        <translation>峰值：{phase}，第 {i} 次</translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <location filename="../../gui/window/menus.py" line="111"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="112"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="113"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="114"/>
        <source>&amp;Measure</source>
        <translation>测量(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="115"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="116"/>
        <source>Export overview as &amp;PNG…</source>
        <translation>将总览导出为 &amp;PNG…</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="117"/>
        <source>Export estimate as &amp;JSON…</source>
        <translation>将估算导出为 &amp;JSON…</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="118"/>
        <source>Export components as &amp;CSV…</source>
        <translation>将组成部分导出为 &amp;CSV…</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="119"/>
        <source>&amp;Copy summary</source>
        <translation>复制摘要(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="120"/>
        <source>Export for PyTorch&apos;s &amp;memory viewer…</source>
        <translation>导出给 PyTorch 显存查看器(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="121"/>
        <source>Compare with a memory &amp;snapshot…</source>
        <translation>与显存快照比较(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="122"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="123"/>
        <source>&amp;Double batch size</source>
        <translation>批大小加倍(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="124"/>
        <source>&amp;Halve batch size</source>
        <translation>批大小减半(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="125"/>
        <source>Binary units (Gi&amp;B)</source>
        <translation>二进制单位 (Gi&amp;B)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="126"/>
        <source>Decimal units (&amp;GB)</source>
        <translation>十进制单位 (&amp;GB)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="127"/>
        <source>Add the cuBLAS &amp;workspace to the training charts</source>
        <translation>在训练图表中加入 cuBLAS 工作区(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="128"/>
        <source>&amp;Guide</source>
        <translation>指南(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="129"/>
        <source>&amp;About memcalc</source>
        <translation>关于 memcalc(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="130"/>
        <source>Measure</source>
        <translation>测量</translation>
    </message>
</context>
</TS>
