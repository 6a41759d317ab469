<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
        <location filename="../../gui/views/tables.py" line="100"/>
        <source>Peak (sum)</source>
        <translation>峰值（合计）</translation>
    </message>
    <message>
        <location filename="../../gui/views/tables.py" line="83"/>
        <source>Component</source>
        <translation>组成部分</translation>
    </message>
    <message>
        <location filename="../../gui/views/tables.py" line="83"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../gui/views/tables.py" line="83"/>
        <source>Share of peak</source>
        <translation>占峰值比例</translation>
    </message>
    <message>
        <location filename="../../gui/views/tables.py" line="84"/>
        <source>Formula</source>
        <translation>公式</translation>
    </message>
</context>
<context>
    <name>Components</name>
    <message>
        <location filename="../../gui/views/labels.py" line="39"/>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="40"/>
        <source>Gradients</source>
        <translation>梯度</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="41"/>
        <location filename="../../gui/views/labels.py" line="53"/>
        <source>Optimizer state</source>
        <translation>优化器状态</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="42"/>
        <source>Input batch</source>
        <translation>输入批次</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="43"/>
        <location filename="../../gui/views/labels.py" line="55"/>
        <source>Activations</source>
        <translation>激活值</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="44"/>
        <source>Temporaries</source>
        <translation>临时张量</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="45"/>
        <source>cuBLAS workspace</source>
        <translation>cuBLAS 工作区</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="52"/>
        <source>Parameters + gradients</source>
        <translation>参数 + 梯度</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="54"/>
        <source>Data batch</source>
        <translation>数据批次</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="77"/>
        <source>Custom shape</source>
        <translation>自定义形状</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="78"/>
        <source>Image folder</source>
        <translation>图像文件夹</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="89"/>
        <source>after forward (course loop)</source>
        <translation>前向传播之后（课程中的循环）</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="90"/>
        <source>before forward</source>
        <translation>前向传播之前</translation>
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
    <name>InputError</name>
    <message>
        <location filename="../../gui/model/errors.py" line="19"/>
        <source>Hidden layers</source>
        <translation>隐藏层</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="20"/>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="21"/>
        <location filename="../../gui/model/errors.py" line="22"/>
        <source>GPU memory</source>
        <translation>显存</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="23"/>
        <source>Target GPU</source>
        <translation>目标 GPU</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="24"/>
        <source>Input shape</source>
        <translation>输入形状</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="25"/>
        <source>Classes</source>
        <translation>类别数</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="26"/>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="27"/>
        <source>Dtype</source>
        <translation>数据类型</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="28"/>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="29"/>
        <source>zero_grad()</source>
        <translation>zero_grad()</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="30"/>
        <source>Estimate</source>
        <translation>估算</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="38"/>
        <source>is not a whole number</source>
        <translation>不是整数</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="39"/>
        <source>must be at least 1</source>
        <translation>至少应为 1</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="40"/>
        <source>makes an image larger than any machine can address</source>
        <translation>使单张图片大于任何机器可寻址的内存</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="42"/>
        <source>is more than any machine can address</source>
        <translation>超过任何机器可寻址的内存</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="43"/>
        <source>makes a weight larger than any machine can address</source>
        <translation>使权重大于任何机器可寻址的内存</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="45"/>
        <source>makes a batch larger than any machine can address</source>
        <translation>使一个批次大于任何机器可寻址的内存</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="79"/>
        <source>{field} is empty.</source>
        <translation>{field}为空。</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="80"/>
        <source>{field}: “{value}” has an empty width between two commas.</source>
        <translation>{field}：“{value}”的两个逗号之间缺少宽度。</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="81"/>
        <source>{field}: “{value}” is not a whole number.</source>
        <translation>{field}：“{value}”不是整数。</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="82"/>
        <source>{field}: {value} must be at least 1.</source>
        <translation>{field}：{value} 至少应为 1。</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="83"/>
        <source>{field}: {value} is more than {limit}.</source>
        <translation>{field}：{value} 超过了 {limit}。</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="84"/>
        <source>{field}: “{value}” is not a number.</source>
        <translation>{field}：“{value}”不是数字。</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="85"/>
        <source>{field}: “{value}” is not a number; write decimals with a point, as in 0.5.</source>
        <translation>{field}：“{value}”不是数字；小数请用小数点，例如 0.5。</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="87"/>
        <source>{field}: {value} GiB is outside {low} to {high} GiB.</source>
        <translation>{field}：{value} GiB 不在 {low} 到 {high} GiB 之间。</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="88"/>
        <source>{field}: this machine&apos;s GPU is not known yet.</source>
        <translation>{field}：尚未找到本机的 GPU。</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="89"/>
        <source>The estimate failed: {detail}</source>
        <translation>估算失败：{detail}</translation>
    </message>
    <message>
        <location filename="../../gui/model/errors.py" line="92"/>
        <source>{field}: {value} {reason}.</source>
        <translation>{field}：{value} {reason}。</translation>
    </message>
</context>
<context>
    <name>InputPanel</name>
    <message>
        <location filename="../../gui/inputs/panel.py" line="181"/>
        <source>This machine: {name} (calibrated)</source>
        <translation>本机：{name}（已校准）</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="182"/>
        <source>This machine: {name}</source>
        <translation>本机：{name}</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="197"/>
        <source>The greyed results are for the last valid input.</source>
        <translation>灰色显示的结果属于上一次有效的输入。</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="221"/>
        <source>&amp;Dataset</source>
        <translation>数据集(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="222"/>
        <source>Input shape</source>
        <translation>输入形状</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="223"/>
        <source>Classes</source>
        <translation>类别数</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="224"/>
        <source>&amp;Hidden layers</source>
        <translation>隐藏层(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="225"/>
        <source>D&amp;type</source>
        <translation>数据类型(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="226"/>
        <source>&amp;Optimizer</source>
        <translation>优化器(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="227"/>
        <source>&amp;zero_grad()</source>
        <translation>zero_grad()(&amp;Z)</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="228"/>
        <source>&amp;Batch size</source>
        <translation>批大小(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="229"/>
        <source>&amp;Target GPU</source>
        <translation>目标 GPU(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="230"/>
        <source>GPU memory</source>
        <translation>显存</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="236"/>
        <source>Custom shape</source>
        <translation>自定义形状</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="237"/>
        <source>Image folder…</source>
        <translation>图片文件夹…</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="238"/>
        <source>after forward (course loop)</source>
        <translation>前向传播之后（课程中的循环）</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="239"/>
        <source>before forward</source>
        <translation>前向传播之前</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="240"/>
        <source>Custom size</source>
        <translation>自定义大小</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="244"/>
        <source>e.g. 512, 256 (empty: no hidden layer)</source>
        <translation>例如 512, 256（留空：无隐藏层）</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="245"/>
        <source>Widths of the hidden layers, separated by commas (， and 、 too)</source>
        <translation>各隐藏层的宽度，用逗号分隔（也可用“，”和“、”）</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="246"/>
        <source>Images per training step: a whole number, 1 or more</source>
        <translation>每个训练步的图片数：不小于 1 的整数</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="247"/>
        <source>Batch size on a log scale</source>
        <translation>批大小（对数刻度）</translation>
    </message>
    <message>
        <location filename="../../gui/inputs/panel.py" line="248"/>
        <source>The GPU&apos;s memory in GiB (2^30 bytes), as cards are sold: a “24 GB” card is 24 GiB</source>
        <translation>GPU 显存，单位 GiB（2^30 字节），与显卡标称一致：“24 GB”的显卡即 24 GiB</translation>
    </message>
</context>
<context>
    <name>LayerTable</name>
    <message>
        <location filename="../../gui/views/tables.py" line="122"/>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../../gui/views/tables.py" line="122"/>
        <source>Output shape</source>
        <translation>输出形状</translation>
    </message>
    <message>
        <location filename="../../gui/views/tables.py" line="122"/>
        <source>Weight shape</source>
        <translation>权重形状</translation>
    </message>
    <message>
        <location filename="../../gui/views/tables.py" line="123"/>
        <source>Bias shape</source>
        <translation>偏置形状</translation>
    </message>
    <message>
        <location filename="../../gui/views/tables.py" line="123"/>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../../gui/views/tables.py" line="123"/>
        <source>Formula</source>
        <translation>公式</translation>
    </message>
    <message>
        <location filename="../../gui/views/tables.py" line="124"/>
        <source>Parameter bytes</source>
        <translation>参数字节数</translation>
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
        <location filename="../../gui/window/main_window.py" line="80"/>
        <source>The settings changed: the measurement no longer applies</source>
        <translation>设置已更改：测量结果不再适用</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="168"/>
        <source>memcalc – invalid input: {field}</source>
        <translation>memcalc – 输入无效：{field}</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="173"/>
        <source>memcalc – {data} · [{hidden}] · {dtype} · {opt} · batch {batch} · {gpu}</source>
        <translation>memcalc – {data} · [{hidden}] · {dtype} · {opt} · 批大小 {batch} · {gpu}</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="214"/>
        <source>Could not write {path}: {error}</source>
        <translation>无法写入 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="217"/>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="221"/>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="221"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="224"/>
        <source>Export estimate</source>
        <translation>导出估算</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="224"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="227"/>
        <source>Export components</source>
        <translation>导出组成部分</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="227"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="235"/>
        <source>&lt;b&gt;memcalc&lt;/b&gt; predicts the GPU memory of training a small MLP, byte for byte, before you train.</source>
        <translation>&lt;b&gt;memcalc&lt;/b&gt; 在训练之前逐字节预测训练一个小型 MLP 所需的 GPU 显存。</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="239"/>
        <source>About memcalc</source>
        <translation>关于 memcalc</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="124"/>
        <source>Overview</source>
        <translation>总览</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="125"/>
        <source>Layers</source>
        <translation>各层</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="126"/>
        <source>Sample images</source>
        <translation>样本图片</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="127"/>
        <source>Measured vs predicted</source>
        <translation>实测与预测</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="128"/>
        <source>Max batch</source>
        <translation>最大批大小</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="129"/>
        <source>This machine</source>
        <translation>本机</translation>
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
        <location filename="../../gui/window/measuring.py" line="106"/>
        <source>CUDA device found: {name}</source>
        <translation>找到 CUDA 设备：{name}</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="108"/>
        <source>Measuring is unavailable: {reason}</source>
        <translation>无法测量：{reason}</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="121"/>
        <source>Checking for a CUDA device…</source>
        <translation>正在检查 CUDA 设备…</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="123"/>
        <source>Unavailable: {reason}</source>
        <translation>不可用：{reason}</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="125"/>
        <source>A measurement is running</source>
        <translation>测量正在进行</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="127"/>
        <source>Fix the input first</source>
        <translation>请先修正输入</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="134"/>
        <source>Run these settings&apos; training loop for three iterations on {name} and compare</source>
        <translation>在 {name} 上按当前设置运行三次训练迭代并进行比较</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="136"/>
        <source>Find the largest batch that really fits on {name}</source>
        <translation>查找 {name} 上真正能容纳的最大批大小</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="145"/>
        <source>Measuring…</source>
        <translation>正在测量…</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="159"/>
        <source>Measuring: {phase}, iteration {i} ({step}/{total})…</source>
        <translation>正在测量：{phase}，第 {i} 次迭代（{step}/{total}）…</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="162"/>
        <source>Max batch search: {phase}, iteration {i}…</source>
        <translation>最大批大小搜索：{phase}，第 {i} 次迭代…</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="169"/>
        <source>The settings changed while measuring: the result is not shown</source>
        <translation>测量期间设置已改变：不显示该结果</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="176"/>
        <source>Measured on {device}: peak {peak} (predicted {pred})</source>
        <translation>在 {device} 上实测：峰值 {peak}（预测 {pred}）</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="182"/>
        <source>Out of memory</source>
        <translation>显存不足</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="184"/>
        <source>Measurement cancelled</source>
        <translation>测量已取消</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="186"/>
        <source>Measurement failed</source>
        <translation>测量失败</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="186"/>
        <source>The probe failed: {error}</source>
        <translation>测量失败：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="194"/>
        <source>Out of memory in {phase} (iteration {i}) at batch {batch}</source>
        <translation>批大小 {batch} 时在 {phase}（第 {i} 次迭代）中显存不足</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="197"/>
        <source>: tried to allocate {asked} with {free} free</source>
        <translation>：试图分配 {asked}，但仅剩 {free} 空闲</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="200"/>
        <source>: tried to allocate {asked}</source>
        <translation>：试图分配 {asked}</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="201"/>
        <source>The GPU memory has been released. Try a smaller batch, or let “Find max batch” search for the largest that fits.</source>
        <translation>GPU 显存已释放。请尝试更小的批大小，或使用“查找最大批大小”搜索能容纳的最大值。</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="225"/>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="231"/>
        <source>Max batch search: batch {batch} {verdict}</source>
        <translation>最大批大小搜索：批大小 {batch} {verdict}</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="232"/>
        <source>fits</source>
        <translation>可容纳</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="232"/>
        <source>out of memory</source>
        <translation>显存不足</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="237"/>
        <source>Search cancelled.</source>
        <translation>搜索已取消。</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="238"/>
        <source>Max batch search cancelled</source>
        <translation>最大批大小搜索已取消</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="241"/>
        <location filename="../../gui/window/measuring.py" line="242"/>
        <source>Search failed: {error}</source>
        <translation>搜索失败：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="242"/>
        <source>Max batch search failed</source>
        <translation>最大批大小搜索失败</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="246"/>
        <source>this GPU</source>
        <translation>此 GPU</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="248"/>
        <source>Max batch on {device}: {max}</source>
        <translation>{device} 上的最大批大小：{max}</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="284"/>
        <source>&amp;Measure on this GPU</source>
        <translation>在此 GPU 上测量(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="285"/>
        <source>Find max &amp;batch on this GPU</source>
        <translation>在此 GPU 上查找最大批大小(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="286"/>
        <source>&amp;Cancel measurement</source>
        <translation>取消测量(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="287"/>
        <source>This &amp;machine…</source>
        <translation>本机信息(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../gui/window/measuring.py" line="288"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>MemoryBarChart</name>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="216"/>
        <source>predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="216"/>
        <source>course estimate</source>
        <translation>课程估算</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="215"/>
        <source>not measured</source>
        <translation>未实测</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="52"/>
        <source>measured: memory_allocated growth in iteration 1</source>
        <translation>实测：第 1 次迭代中 memory_allocated 的增长</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="58"/>
        <source>measured peak less the components above; the counters cannot split it</source>
        <translation>实测峰值减去上面各部分；计数器无法再细分</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="65"/>
        <source>Rest of measured peak (not split)</source>
        <translation>实测峰值的其余部分（未细分）</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="215"/>
        <source>measured</source>
        <translation>实测</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="219"/>
        <source>meas.</source>
        <translation>实测</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="220"/>
        <source>pred.</source>
        <translation>预测</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="220"/>
        <source>course</source>
        <translation>课程</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="275"/>
        <source>Memory ({unit})</source>
        <translation>显存 ({unit})</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="286"/>
        <source>GPU capacity {size}</source>
        <translation>GPU 容量 {size}</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="287"/>
        <source>{percent:.0f} % of capacity</source>
        <translation>容量的 {percent:.0f} %</translation>
    </message>
    <message>
        <location filename="../../gui/views/bar_chart.py" line="290"/>
        <source>GPU capacity {size} is far above these bars</source>
        <translation>GPU 容量 {size} 远高于这些柱形</translation>
    </message>
</context>
<context>
    <name>Phases</name>
    <message>
        <location filename="../../gui/views/labels.py" line="62"/>
        <source>setup</source>
        <translation>初始化</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="63"/>
        <source>transfer</source>
        <translation>数据传输</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="64"/>
        <source>forward</source>
        <translation>前向传播</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="65"/>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="66"/>
        <source>zero_grad</source>
        <translation>梯度清零</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="67"/>
        <source>backward</source>
        <translation>反向传播</translation>
    </message>
    <message>
        <location filename="../../gui/views/labels.py" line="68"/>
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
    <name>SampleViewer</name>
    <message>
        <location filename="../../gui/samples/viewer.py" line="373"/>
        <source>Change…</source>
        <translation>更改…</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="374"/>
        <source>Choose folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="375"/>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="376"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="372"/>
        <source>Data folder:</source>
        <translation>数据文件夹：</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="349"/>
        <source>Image folder</source>
        <translation>图像文件夹</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="349"/>
        <source>Custom shape</source>
        <translation>自定义形状</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="122"/>
        <source>A custom shape has no sample images.</source>
        <translation>自定义形状没有示例图像。</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="125"/>
        <source>ImageNet cannot be downloaded automatically (it needs a registration at image-net.org). If you have a copy, choose it with Image folder.</source>
        <translation>ImageNet 无法自动下载（需要在 image-net.org 注册）。如果你有副本，请通过“图像文件夹”选择。</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="156"/>
        <source>Choose a folder of images</source>
        <translation>选择图像文件夹</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="162"/>
        <source>Choose the data folder</source>
        <translation>选择数据文件夹</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="221"/>
        <location filename="../../gui/samples/viewer.py" line="231"/>
        <source>Reading {0}…</source>
        <translation>正在读取 {0}…</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="228"/>
        <source>Choose a folder of images: one subfolder per class, or images directly.</source>
        <translation>选择图像文件夹：每个类别一个子文件夹，或直接存放图像。</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="250"/>
        <source>{0}: {1} images</source>
        <translation>{0}：{1} 张图像</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="255"/>
        <source>{0}, test split: {1} images; the first {2} shown.</source>
        <translation>{0}，测试集：{1} 张图像；显示前 {2} 张。</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="268"/>
        <source>{0} is not in the data folder yet. Download it (needs the internet).</source>
        <translation>数据文件夹中还没有 {0}。请下载（需要联网）。</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="271"/>
        <source>Could not read: {0}</source>
        <translation>无法读取：{0}</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="283"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="284"/>
        <source>Downloading {0} into {1}…</source>
        <translation>正在下载 {0} 到 {1}…</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="291"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="304"/>
        <source>{0}: {1} MiB of {2} MiB</source>
        <translation>{0}：{1} MiB / {2} MiB</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="305"/>
        <source>{0}: {1} MiB</source>
        <translation>{0}：{1} MiB</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="323"/>
        <source>No network: the download server cannot be reached. Everything else keeps working. ({0})</source>
        <translation>没有网络：无法连接下载服务器。其他功能照常可用。（{0}）</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="326"/>
        <source>Download cancelled.</source>
        <translation>下载已取消。</translation>
    </message>
    <message>
        <location filename="../../gui/samples/viewer.py" line="328"/>
        <source>Download failed: {0}</source>
        <translation>下载失败：{0}</translation>
    </message>
</context>
<context>
    <name>Summary</name>
    <message>
        <location filename="../../gui/views/exporting.py" line="76"/>
        <source>memcalc: {dataset} ({shape}, {classes} classes), hidden layers [{hidden}], {dtype}, {optimizer}, batch {batch}, zero_grad {zero_grad}, GPU {gpu}</source>
        <translation>memcalc：{dataset}（{shape}，{classes} 个类别），隐藏层 [{hidden}]，{dtype}，{optimizer}，批大小 {batch}，zero_grad {zero_grad}，GPU {gpu}</translation>
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
        <source>Device total with the CUDA context ({source}): {total} of {gpu} ({verdict})</source>
        <translation>含 CUDA 上下文（{source}）的设备总用量：{total}，共 {gpu}（{verdict}）</translation>
    </message>
    <message>
        <location filename="../../gui/views/exporting.py" line="93"/>
        <source>Max batch size: {max}; recommended: {rec}</source>
        <translation>最大批大小：{max}；推荐：{rec}</translation>
    </message>
    <message>
        <location filename="../../gui/views/exporting.py" line="97"/>
        <source>The whole training set ({images} images) fits in one batch.</source>
        <translation>整个训练集（{images} 张图片）可以放进一个批次。</translation>
    </message>
</context>
<context>
    <name>SummaryBox</name>
    <message>
        <location filename="../../gui/views/summary.py" line="70"/>
        <source>✔ Fits on this GPU</source>
        <translation>✔ 可以在此 GPU 上运行</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="73"/>
        <source>✘ Does not fit on this GPU</source>
        <translation>✘ 此 GPU 显存不足</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="23"/>
        <source>measured</source>
        <translation>实测</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="24"/>
        <source>calibrated on this machine</source>
        <translation>在本机上校准</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="26"/>
        <source>estimated</source>
        <translation>估计</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="62"/>
        <source>Recommended ({percent:.0f} %)</source>
        <translation>推荐（{percent:.0f} %）</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="80"/>
        <source>The whole training set ({images} images) fits in one batch.</source>
        <translation>整个训练集（{images} 张图片）可以放进一个批次。</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="89"/>
        <source>No result: fix the input above.</source>
        <translation>没有结果：请修正上面的输入。</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="91"/>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="101"/>
        <source>Peak {peak} at {phase} (iteration {it}) + CUDA context {ctx} ({source}) = {total} of {gpu}. Course estimate: {naive}.</source>
        <translation>峰值 {peak}，出现在{phase}（第 {it} 次迭代）+ CUDA 上下文 {ctx}（{source}）= {total}，总显存 {gpu}。课程估算：{naive}。</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="60"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../gui/views/summary.py" line="61"/>
        <source>Max batch size</source>
        <translation>最大批大小</translation>
    </message>
</context>
<context>
    <name>TimelineChart</name>
    <message>
        <location filename="../../gui/views/timeline.py" line="113"/>
        <source>Iteration {i}, {phase}: {size}</source>
        <translation>第 {i} 次迭代，{phase}：{size}</translation>
    </message>
    <message>
        <location filename="../../gui/views/timeline.py" line="128"/>
        <source>Memory ({unit})</source>
        <translation>显存 ({unit})</translation>
    </message>
    <message>
        <location filename="../../gui/views/timeline.py" line="129"/>
        <source>Memory during the first three iterations</source>
        <translation>前三次迭代中的显存</translation>
    </message>
    <message>
        <location filename="../../gui/views/timeline.py" line="131"/>
        <source>● measured</source>
        <translation>● 实测</translation>
    </message>
    <message>
        <location filename="../../gui/views/timeline.py" line="139"/>
        <source>it. {i}</source>
        <translation>第 {i} 次</translation>
    </message>
    <message>
        <location filename="../../gui/views/timeline.py" line="144"/>
        <source>peak: {phase}, it. {i}</source>
        <translation>峰值：{phase}，第 {i} 次</translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <location filename="../../gui/window/menus.py" line="106"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="107"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="108"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="109"/>
        <source>&amp;Measure</source>
        <translation>测量(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="110"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="111"/>
        <source>Export chart as &amp;PNG…</source>
        <translation>将图表导出为 &amp;PNG…</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="112"/>
        <source>Export estimate as &amp;JSON…</source>
        <translation>将估算导出为 &amp;JSON…</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="113"/>
        <source>Export components as &amp;CSV…</source>
        <translation>将组成部分导出为 &amp;CSV…</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="114"/>
        <source>&amp;Copy summary</source>
        <translation>复制摘要(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="115"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="116"/>
        <source>&amp;Double batch size</source>
        <translation>批大小加倍(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="117"/>
        <source>&amp;Halve batch size</source>
        <translation>批大小减半(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="118"/>
        <source>Binary units (Gi&amp;B)</source>
        <translation>二进制单位 (Gi&amp;B)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="119"/>
        <source>Decimal units (&amp;GB)</source>
        <translation>十进制单位 (&amp;GB)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="120"/>
        <source>Show the cuBLAS &amp;workspace in the charts</source>
        <translation>在图表中显示 cuBLAS 工作区(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="121"/>
        <source>&amp;About memcalc</source>
        <translation>关于 memcalc(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="122"/>
        <source>Measure</source>
        <translation>测量</translation>
    </message>
</context>
</TS>
