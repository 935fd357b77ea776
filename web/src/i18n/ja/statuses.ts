export default { invited: '招待中', active: '有効', disabled: '無効' } as const;
