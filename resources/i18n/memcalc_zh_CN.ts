<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ComponentTable</name>
    <message>
        <location filename="../../tables.py" line="70"/>
        <source>Peak (sum)</source>
        <translation>峰值（合计）</translation>
    </message>
    <message>
        <location filename="../../tables.py" line="82"/>
        <source>Component</source>
        <translation>组成部分</translation>
    </message>
    <message>
        <location filename="../../tables.py" line="82"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../tables.py" line="82"/>
        <source>Share of peak</source>
        <translation>占峰值比例</translation>
    </message>
    <message>
        <location filename="../../tables.py" line="83"/>
        <source>Formula</source>
        <translation>公式</translation>
    </message>
</context>
<context>
    <name>Components</name>
    <message>
        <location filename="../../components.py" line="31"/>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../../components.py" line="32"/>
        <source>Gradients</source>
        <translation>梯度</translation>
    </message>
    <message>
        <location filename="../../components.py" line="33"/>
        <location filename="../../components.py" line="45"/>
        <source>Optimizer state</source>
        <translation>优化器状态</translation>
    </message>
    <message>
        <location filename="../../components.py" line="34"/>
        <source>Input batch</source>
        <translation>输入批次</translation>
    </message>
    <message>
        <location filename="../../components.py" line="35"/>
        <location filename="../../components.py" line="47"/>
        <source>Activations</source>
        <translation>激活值</translation>
    </message>
    <message>
        <location filename="../../components.py" line="36"/>
        <source>Temporaries</source>
        <translation>临时张量</translation>
    </message>
    <message>
        <location filename="../../components.py" line="37"/>
        <source>cuBLAS workspace</source>
        <translation>cuBLAS 工作区</translation>
    </message>
    <message>
        <location filename="../../components.py" line="44"/>
        <source>Parameters + gradients</source>
        <translation>参数 + 梯度</translation>
    </message>
    <message>
        <location filename="../../components.py" line="46"/>
        <source>Data batch</source>
        <translation>数据批次</translation>
    </message>
</context>
<context>
    <name>ErrorSink</name>
    <message>
        <location filename="../../errors.py" line="42"/>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../../errors.py" line="43"/>
        <source>Something went wrong. memcalc keeps running; the details may help a bug report.</source>
        <translation>出现了错误。memcalc 仍在运行；详细信息可用于报告问题。</translation>
    </message>
</context>
<context>
    <name>InputPanel</name>
    <message>
        <location filename="../../inputs.py" line="198"/>
        <location filename="../../inputs.py" line="300"/>
        <source>This machine: {name}</source>
        <translation>本机：{name}</translation>
    </message>
    <message>
        <location filename="../../inputs.py" line="279"/>
        <source>&amp;Dataset</source>
        <translation>数据集(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../inputs.py" line="280"/>
        <source>Input shape</source>
        <translation>输入形状</translation>
    </message>
    <message>
        <location filename="../../inputs.py" line="281"/>
        <source>Classes</source>
        <translation>类别数</translation>
    </message>
    <message>
        <location filename="../../inputs.py" line="282"/>
        <source>&amp;Hidden layers</source>
        <translation>隐藏层(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../inputs.py" line="283"/>
        <source>D&amp;type</source>
        <translation>数据类型(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../inputs.py" line="284"/>
        <source>&amp;Optimizer</source>
        <translation>优化器(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../inputs.py" line="285"/>
        <source>&amp;zero_grad()</source>
        <translation>zero_grad()(&amp;Z)</translation>
    </message>
    <message>
        <location filename="../../inputs.py" line="286"/>
        <source>&amp;Batch size</source>
        <translation>批大小(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../inputs.py" line="287"/>
        <source>&amp;Target GPU</source>
        <translation>目标 GPU(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../inputs.py" line="288"/>
        <source>GPU memory</source>
        <translation>显存</translation>
    </message>
    <message>
        <location filename="../../inputs.py" line="294"/>
        <source>Custom shape</source>
        <translation>自定义形状</translation>
    </message>
    <message>
        <location filename="../../inputs.py" line="295"/>
        <source>Image folder…</source>
        <translation>图片文件夹…</translation>
    </message>
    <message>
        <location filename="../../inputs.py" line="296"/>
        <source>after forward (course loop)</source>
        <translation>前向传播之后（课程中的循环）</translation>
    </message>
    <message>
        <location filename="../../inputs.py" line="297"/>
        <source>before forward</source>
        <translation>前向传播之前</translation>
    </message>
    <message>
        <location filename="../../inputs.py" line="298"/>
        <source>Custom size</source>
        <translation>自定义大小</translation>
    </message>
    <message>
        <location filename="../../inputs.py" line="301"/>
        <source>e.g. 512, 256 (empty: no hidden layer)</source>
        <translation>例如 512, 256（留空：无隐藏层）</translation>
    </message>
    <message>
        <location filename="../../inputs.py" line="302"/>
        <source>Widths of the hidden layers, separated by commas</source>
        <translation>各隐藏层的宽度，用逗号分隔</translation>
    </message>
    <message>
        <location filename="../../inputs.py" line="303"/>
        <source>Batch size on a log scale, 1 to 65,536</source>
        <translation>批大小（对数刻度，1 到 65,536）</translation>
    </message>
</context>
<context>
    <name>LayerTable</name>
    <message>
        <location filename="../../tables.py" line="113"/>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../../tables.py" line="113"/>
        <source>Output shape</source>
        <translation>输出形状</translation>
    </message>
    <message>
        <location filename="../../tables.py" line="113"/>
        <source>Weight shape</source>
        <translation>权重形状</translation>
    </message>
    <message>
        <location filename="../../tables.py" line="114"/>
        <source>Bias shape</source>
        <translation>偏置形状</translation>
    </message>
    <message>
        <location filename="../../tables.py" line="114"/>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../../tables.py" line="114"/>
        <source>Formula</source>
        <translation>公式</translation>
    </message>
    <message>
        <location filename="../../tables.py" line="115"/>
        <source>Parameter bytes</source>
        <translation>参数字节数</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../main_window.py" line="178"/>
        <source>Invalid input: {detail}. The charts still show the last valid estimate.</source>
        <translation>输入无效：{detail}。图表仍显示上一次有效的估算。</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="189"/>
        <source>memcalc – {data} · [{hidden}] · {dtype} · {opt} · batch {batch} · {gpu}</source>
        <translation>memcalc – {data} · [{hidden}] · {dtype} · {opt} · 批大小 {batch} · {gpu}</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="242"/>
        <source>Could not write {path}: {error}</source>
        <translation>无法写入 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="245"/>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="245"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="248"/>
        <source>Export estimate</source>
        <translation>导出估算</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="248"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="251"/>
        <source>Export components</source>
        <translation>导出组成部分</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="251"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="259"/>
        <source>&lt;b&gt;memcalc&lt;/b&gt; predicts the GPU memory of training a small MLP, byte for byte, before you train.</source>
        <translation>&lt;b&gt;memcalc&lt;/b&gt; 在训练之前逐字节预测训练一个小型 MLP 所需的 GPU 显存。</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="263"/>
        <source>About memcalc</source>
        <translation>关于 memcalc</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="308"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="309"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="310"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="311"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="312"/>
        <source>Export chart as &amp;PNG…</source>
        <translation>将图表导出为 &amp;PNG…</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="313"/>
        <source>Export estimate as &amp;JSON…</source>
        <translation>将估算导出为 &amp;JSON…</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="314"/>
        <source>Export components as &amp;CSV…</source>
        <translation>将组成部分导出为 &amp;CSV…</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="315"/>
        <source>&amp;Copy summary</source>
        <translation>复制摘要(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="316"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="317"/>
        <source>&amp;Double batch size</source>
        <translation>批大小加倍(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="318"/>
        <source>&amp;Halve batch size</source>
        <translation>批大小减半(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="319"/>
        <source>Binary units (Gi&amp;B)</source>
        <translation>二进制单位 (Gi&amp;B)</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="320"/>
        <source>Decimal units (&amp;GB)</source>
        <translation>十进制单位 (&amp;GB)</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="321"/>
        <source>&amp;About memcalc</source>
        <translation>关于 memcalc(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="322"/>
        <source>Overview</source>
        <translation>总览</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="323"/>
        <source>Layers</source>
        <translation>各层</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="325"/>
        <source>Sample images</source>
        <translation>样本图片</translation>
    </message>
</context>
<context>
    <name>MemoryBarChart</name>
    <message>
        <location filename="../../charts.py" line="139"/>
        <source>predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <location filename="../../charts.py" line="140"/>
        <source>course estimate</source>
        <translation>课程估算</translation>
    </message>
    <message>
        <location filename="../../charts.py" line="141"/>
        <source>measured (not yet)</source>
        <translation>实测（暂无）</translation>
    </message>
    <message>
        <location filename="../../charts.py" line="143"/>
        <source>Memory ({unit})</source>
        <translation>显存 ({unit})</translation>
    </message>
    <message>
        <location filename="../../charts.py" line="149"/>
        <source>GPU capacity {size}</source>
        <translation>GPU 容量 {size}</translation>
    </message>
    <message>
        <location filename="../../charts.py" line="150"/>
        <source>80 % of capacity</source>
        <translation>容量的 80 %</translation>
    </message>
    <message>
        <location filename="../../charts.py" line="152"/>
        <source>GPU capacity {size} is far above these bars</source>
        <translation>GPU 容量 {size} 远高于这些柱形</translation>
    </message>
</context>
<context>
    <name>Phases</name>
    <message>
        <location filename="../../components.py" line="54"/>
        <source>setup</source>
        <translation>初始化</translation>
    </message>
    <message>
        <location filename="../../components.py" line="55"/>
        <source>transfer</source>
        <translation>数据传输</translation>
    </message>
    <message>
        <location filename="../../components.py" line="56"/>
        <source>forward</source>
        <translation>前向传播</translation>
    </message>
    <message>
        <location filename="../../components.py" line="57"/>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../../components.py" line="58"/>
        <source>zero_grad</source>
        <translation>梯度清零</translation>
    </message>
    <message>
        <location filename="../../components.py" line="59"/>
        <source>backward</source>
        <translation>反向传播</translation>
    </message>
    <message>
        <location filename="../../components.py" line="60"/>
        <source>step</source>
        <translation>优化器更新</translation>
    </message>
</context>
<context>
    <name>SummaryBox</name>
    <message>
        <location filename="../../summary.py" line="51"/>
        <source>✔ Fits on this GPU</source>
        <translation>✔ 可以在此 GPU 上运行</translation>
    </message>
    <message>
        <location filename="../../summary.py" line="54"/>
        <source>✘ Does not fit on this GPU</source>
        <translation>✘ 此 GPU 显存不足</translation>
    </message>
    <message>
        <location filename="../../summary.py" line="56"/>
        <source>measured</source>
        <translation>实测</translation>
    </message>
    <message>
        <location filename="../../summary.py" line="56"/>
        <source>estimated</source>
        <translation>估计</translation>
    </message>
    <message>
        <location filename="../../summary.py" line="58"/>
        <source>Peak {peak} at {phase} (iteration {it}) + CUDA context {ctx} ({source}) = {total} of {gpu}. Course estimate: {naive}.</source>
        <translation>峰值 {peak}，出现在{phase}（第 {it} 次迭代）+ CUDA 上下文 {ctx}（{source}）= {total}，总显存 {gpu}。课程估算：{naive}。</translation>
    </message>
    <message>
        <location filename="../../summary.py" line="65"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../summary.py" line="66"/>
        <source>Max batch size</source>
        <translation>最大批大小</translation>
    </message>
    <message>
        <location filename="../../summary.py" line="67"/>
        <source>Recommended (80 %)</source>
        <translation>推荐（80 %）</translation>
    </message>
</context>
<context>
    <name>TimelineChart</name>
    <message>
        <location filename="../../timeline.py" line="76"/>
        <source>Iteration {i}, {phase}: {size}</source>
        <translation>第 {i} 次迭代，{phase}：{size}</translation>
    </message>
    <message>
        <location filename="../../timeline.py" line="91"/>
        <source>Memory ({unit})</source>
        <translation>显存 ({unit})</translation>
    </message>
    <message>
        <location filename="../../timeline.py" line="92"/>
        <source>Memory during the first three iterations</source>
        <translation>前三次迭代中的显存</translation>
    </message>
    <message>
        <location filename="../../timeline.py" line="98"/>
        <source>it. {i}</source>
        <translation>第 {i} 次</translation>
    </message>
    <message>
        <location filename="../../timeline.py" line="103"/>
        <source>peak: {phase}, it. {i}</source>
        <translation>峰值：{phase}，第 {i} 次</translation>
    </message>
</context>
</TS>
